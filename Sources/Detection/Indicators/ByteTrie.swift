/// A read-only trie over byte strings in compressed sparse rows: each node's edges are contiguous and
/// sorted, the root has a full 256-entry table. Built from sorted keys in one pass, so 100,000
/// indicators compile in well under a second and take a few bytes per node.
struct ByteTrie: Sendable {
    let rootNext: [Int32]
    let edgeStart: [Int32]
    let edgeBytes: [UInt8]
    let edgeTargets: [Int32]
    let outputStart: [Int32]
    let outputs: [Int32]
    /// Per node: edge start, edge end, output start, output end, side by side so one walk step
    /// touches one cache line.
    let nodeTable: [Int32]
    /// The node reached by the first two bytes (index `first << 8 | second`), or -1.
    let twoByteNext: [Int32]

    var nodeCount: Int { edgeStart.count - 1 }

    /// `keys[i]` leads to output `values[i]`; keys may repeat.
    init(keys: [[UInt8]], values: [Int32]) {
        let order = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        var edgeParent: [Int32] = []
        var edgeByteList: [UInt8] = []
        var edgeChild: [Int32] = []
        var outputNode: [Int32] = []
        var outputValue: [Int32] = []
        var nodeCount: Int32 = 1
        var path: [Int32] = [0]
        var previous: [UInt8] = []
        for index in order {
            let key = keys[index]
            var common = 0
            let limit = min(key.count, previous.count)
            while common < limit, key[common] == previous[common] { common += 1 }
            path.removeSubrange((common + 1)...)
            for position in common..<key.count {
                let child = nodeCount
                nodeCount += 1
                edgeParent.append(path[path.count - 1])
                edgeByteList.append(key[position])
                edgeChild.append(child)
                path.append(child)
            }
            outputNode.append(path[key.count])
            outputValue.append(values[index])
            previous = key
        }
        let nodes = Int(nodeCount)
        // Counting sort of edges by parent keeps each parent's edges in byte order (keys were sorted).
        var edgeStart = [Int32](repeating: 0, count: nodes + 1)
        for parent in edgeParent { edgeStart[Int(parent) + 1] += 1 }
        for node in 0..<nodes { edgeStart[node + 1] += edgeStart[node] }
        var cursor = edgeStart
        var bytes = [UInt8](repeating: 0, count: edgeParent.count)
        var targets = [Int32](repeating: 0, count: edgeParent.count)
        for edge in edgeParent.indices {
            let slot = Int(cursor[Int(edgeParent[edge])])
            cursor[Int(edgeParent[edge])] += 1
            bytes[slot] = edgeByteList[edge]
            targets[slot] = edgeChild[edge]
        }
        var outputStart = [Int32](repeating: 0, count: nodes + 1)
        for node in outputNode { outputStart[Int(node) + 1] += 1 }
        for node in 0..<nodes { outputStart[node + 1] += outputStart[node] }
        var outputCursor = outputStart
        var outputs = [Int32](repeating: 0, count: outputNode.count)
        for entry in outputNode.indices {
            let slot = Int(outputCursor[Int(outputNode[entry])])
            outputCursor[Int(outputNode[entry])] += 1
            outputs[slot] = outputValue[entry]
        }
        var rootNext = [Int32](repeating: -1, count: 256)
        for edge in Int(edgeStart[0])..<Int(edgeStart[1]) { rootNext[Int(bytes[edge])] = targets[edge] }
        var nodeTable = [Int32](repeating: 0, count: nodes * 4)
        for node in 0..<nodes {
            nodeTable[node * 4] = edgeStart[node]
            nodeTable[node * 4 + 1] = edgeStart[node + 1]
            nodeTable[node * 4 + 2] = outputStart[node]
            nodeTable[node * 4 + 3] = outputStart[node + 1]
        }
        var twoByteNext = [Int32](repeating: -1, count: 65536)
        for first in 0..<256 where rootNext[first] >= 0 {
            let node = Int(rootNext[first])
            for edge in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
                twoByteNext[first << 8 | Int(bytes[edge])] = targets[edge]
            }
        }
        self.nodeTable = nodeTable
        self.twoByteNext = twoByteNext
        self.rootNext = rootNext
        self.edgeStart = edgeStart
        self.edgeBytes = bytes
        self.edgeTargets = targets
        self.outputStart = outputStart
        self.outputs = outputs
    }
}
