import Foundation

public struct WARCWriterConfiguration: Sendable {
    /// Where WARC files are created. Created if missing.
    public var directory: URL
    /// File names are `<prefix>-<UTC yyyyMMddHHmmssSSS>-<serial>-<random>.warc.gz`, all lowercase
    /// so they are valid WACZ resource names too.
    public var filePrefix: String
    /// A new file is started before a capture once the current one has reached this size.
    /// A file can therefore exceed it by one capture; a capture's records never span two files.
    public var maxFileSize: UInt64
    /// `software` in warcinfo and metadata records, e.g. `Kaiguul/0.1.0`.
    public var software: String
    /// The default collector named in metadata records (e.g. the worker or host).
    public var collector: String
    /// `operator` in the warcinfo record: who runs the collection.
    public var operatorName: String?
    public var hostname: String
    public var datePrecision: WARCDatePrecision
    public var compressionLevel: Int32
    /// fsync after every capture. Off by default: a killed process loses nothing the kernel has
    /// accepted, and the file is synced when it is closed or rolled over.
    public var syncEveryCapture: Bool

    public init(
        directory: URL, filePrefix: String = "kaiguul", maxFileSize: UInt64 = 1_000_000_000,
        software: String, collector: String, operatorName: String? = nil,
        hostname: String = ProcessInfo.processInfo.hostName,
        datePrecision: WARCDatePrecision = .microseconds, compressionLevel: Int32 = 6,
        syncEveryCapture: Bool = false
    ) {
        self.directory = directory
        self.filePrefix = filePrefix
        self.maxFileSize = maxFileSize
        self.software = software
        self.collector = collector
        self.operatorName = operatorName
        self.hostname = hostname
        self.datePrecision = datePrecision
        self.compressionLevel = compressionLevel
        self.syncEveryCapture = syncEveryCapture
    }
}
