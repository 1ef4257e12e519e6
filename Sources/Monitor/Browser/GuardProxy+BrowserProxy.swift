/// The guard proxy is the browser's route to the network.
extension GuardProxy: BrowserProxy {}
