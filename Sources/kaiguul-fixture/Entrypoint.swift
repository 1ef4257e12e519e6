import KaiguulFixtures

@main
enum Entrypoint {
    static func main() async {
        await FixtureTool.main()
    }
}
