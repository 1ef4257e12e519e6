/// The guide's leaflet printed to PDF (`ChromiumPrinter`): the route is public, so one browser of
/// its own at most, 60 s.
enum LeafletPrinter {
    static let printer = ChromiumPrinter(documents: "leaflets", slots: 1, timeout: 60)
}
