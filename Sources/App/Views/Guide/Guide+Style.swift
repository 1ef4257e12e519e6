import Plot

/// The guide's own stylesheet, on top of `app.css`: made for a phone first (one column, nothing wider
/// than the screen, no tables), two columns for the advice on a wide screen. Served as a file: the
/// content-security policy allows no inline style.
enum GuideStyle {
    static let path = "/static/guide.css"

    /// A stylesheet link inside the body (allowed for `rel=stylesheet`): the shared layout's head is not ours.
    static func link<C>() -> Node<C> {
        .raw("<link rel=\"stylesheet\" href=\"\(path)\">")
    }

    static let css = """
    .guide, .guide * { box-sizing: border-box; }
    .guide { max-width: 52rem; overflow-wrap: anywhere; }
    .guide img { max-width: 100%; height: auto; }
    .guide .lead { font-size: 1.05rem; }
    .guide-tools ul { list-style: none; padding: 0; margin: .5rem 0 1rem; display: flex; flex-wrap: wrap; gap: .4rem .9rem; }
    .guide-tools a[aria-current] { font-weight: bold; text-decoration: none; }
    .guide-advice { display: grid; grid-template-columns: 1fr; gap: 0 1.5rem; }
    @media (min-width: 48rem) { .guide-advice { grid-template-columns: 1fr 1fr; } }
    .guide-advice li { margin: .3rem 0; }
    .guide-contents { padding-left: 1.2rem; }
    .guide-organization { border-top: 2px solid #ccc; margin-top: 1.5rem; padding-top: .5rem; }
    .guide-organization h3 { margin-bottom: .3rem; font-size: 1.3rem; }
    .guide-organization h4 { margin: 1rem 0 .3rem; }
    .guide .designation .badge { display: inline-block; padding: .1rem .5rem; border-radius: .3rem; background: #fde2e1; color: #7a1512; font-weight: bold; }
    .guide .designation .badge.terrorist { background: #7a1512; color: #fff; }
    .guide .legal { color: #444; }
    .symbol-list { display: flex; flex-wrap: wrap; gap: .8rem; }
    .symbol-list figure { margin: 0; width: 8.5rem; max-width: 45%; text-align: center; }
    .symbol-list img { width: 100%; border: 1px solid #ddd; border-radius: .3rem; background: #fff; }
    .symbol-list figcaption { font-size: .85rem; }
    .guide-examples ul { list-style: none; padding: 0; }
    .guide-examples li { margin: .3rem 0; padding: .3rem .6rem; border-left: 4px solid #c0392b; background: #fbf4f3; }
    .example-label { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: #7a1512; }
    .guide-examples q { font-style: italic; }
    .guide-report .button { display: inline-block; margin-top: .5rem; max-width: 100%; white-space: normal; }
    .org-choices { border: 1px solid #ccc; border-radius: .3rem; padding: .5rem .8rem; margin: 0 0 1rem; min-width: 0; }
    .org-choices.invalid { border-color: #c0392b; }
    .org-choice { display: flex; align-items: center; flex-wrap: wrap; gap: .5rem; padding: .35rem 0; font-weight: normal; }
    .org-choice .org-symbol { width: 48px; height: 48px; border: 1px solid #ddd; border-radius: .2rem; background: #fff; }
    """
}
