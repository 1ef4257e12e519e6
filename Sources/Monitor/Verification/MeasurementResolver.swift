import Foundation

/// The fetcher's resolver during a measurement: the target's own name answers with what the measured
/// resolver said (so the GET goes where that network's subscribers go), and a redirect's other names
/// are asked of the same resolver.
struct MeasurementResolver: HostResolver {
    let host: String
    let addresses: [IPAddress]
    let query: ResolverQuery

    func resolve(host name: String, port: Int) async throws(FetchFailure) -> [IPAddress] {
        if name.lowercased() == host { 
            guard !addresses.isEmpty else { throw .resolutionFailed(host: name, message: "no addresses") }
            return addresses
        }
        let answer = await query.resolve(name)
        let found = answer.addresses.compactMap(IPAddress.init)
        guard !found.isEmpty else {
            throw .resolutionFailed(host: name, message: answer.failure ?? answer.rcode ?? "no addresses")
        }
        return found
    }
}
