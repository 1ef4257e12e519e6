enum Stylesheet {
    static let css = """
    :root { --ink:#1d2733; --muted:#5b6673; --line:#d8dde3; --accent:#0b5cad; --bad:#b3261e; --ok:#1e7d32; --bg:#f6f7f9; }
    * { box-sizing: border-box; }
    /* Long words (addresses, handles, digests) break instead of widening the page; break-word, unlike
       anywhere, leaves a table's column widths alone, so a wide table scrolls in its own box below. */
    body { margin:0; font: 15px/1.45 "DejaVu Sans", system-ui, sans-serif; color:var(--ink); background:var(--bg);
      overflow-wrap:break-word; }
    img, svg, video, iframe, canvas { max-width:100%; }
    svg.chart { height:auto; }
    pre { white-space:pre-wrap; overflow-wrap:anywhere; }
    input, select, textarea { max-width:100%; }
    fieldset { min-width:0; }  /* browsers make it as wide as its content by default */
    header.top { display:flex; flex-wrap:wrap; align-items:center; gap:.6rem 1rem; padding:.6rem 1.2rem; background:#12324f;
      color:#fff; }
    header.top a { color:#fff; text-decoration:none; }
    header.top a[aria-current="page"] { text-decoration:underline; text-underline-offset:.3em; }
    .brand { font-weight:700; letter-spacing:.03em; }
    /* The menu: a bar on wide screens; on phones (below) a button, the label of a hidden checkbox. */
    .menu-toggle, .menu-button { display:none; }
    .menu-body { display:flex; flex:1 1 0; min-width:0; flex-wrap:wrap; align-items:center; gap:.6rem 1rem; }
    header nav ul { display:flex; flex-wrap:wrap; gap:.3rem .9rem; list-style:none; margin:0; padding:0; }
    .who { margin-left:auto; display:flex; flex-wrap:wrap; gap:.6rem; align-items:center; }
    .role { font-size:.8rem; opacity:.8; }
    form.lang button { background:none; border:1px solid #ffffff55; color:#fff; padding:.15rem .45rem; cursor:pointer; }
    form.lang button.current { background:#ffffff22; font-weight:700; }
    form.inline { display:inline; margin:0; }
    main { max-width:1180px; margin:1.2rem auto; padding:0 1.2rem; }
    footer { text-align:center; color:var(--muted); font-size:.8rem; padding:2rem 0; }
    h1 { font-size:1.5rem; margin:.2rem 0 1rem; }
    .title-row { display:flex; flex-wrap:wrap; gap:.5rem 1rem; justify-content:space-between; align-items:center; }
    a { color:var(--accent); }
    .button, button { display:inline-block; padding:.4rem .8rem; border:1px solid var(--line); background:#fff; color:var(--ink);
      border-radius:4px; cursor:pointer; text-decoration:none; font:inherit; }
    .primary { background:var(--accent); color:#fff; border-color:var(--accent); }
    table.list { width:100%; border-collapse:collapse; background:#fff; }
    table.list th, table.list td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
    table.list th { font-size:.85rem; color:var(--muted); }
    /* Digests, WARC places and JSON details are long unbroken strings: they wrap instead of widening the table
       (past the page on a wide screen); the minimum width keeps a column readable when the table is squeezed. */
    table.list td { overflow-wrap:anywhere; min-width:5rem; }
    table.list td code { overflow-wrap:anywhere; word-break:break-all; }
    .filters { display:flex; flex-wrap:wrap; gap:.8rem; align-items:flex-end; margin-bottom:1rem; }
    .filters .field { margin:0; min-width:0; max-width:100%; }
    .form { max-width:640px; background:#fff; padding:1rem 1.2rem; border:1px solid var(--line); border-radius:6px; }
    .field { margin-bottom:.9rem; display:flex; flex-direction:column; gap:.25rem; }
    .field input, .field select, .field textarea { font:inherit; padding:.4rem; border:1px solid var(--line); border-radius:4px; }
    .field.invalid input, .field.invalid select, .field.invalid textarea { border-color:var(--bad); }
    .error { color:var(--bad); margin:.1rem 0; font-size:.9rem; }
    .alert { background:#fdecea; border:1px solid #f5c2c0; color:var(--bad); padding:.6rem .8rem; border-radius:4px; margin-bottom:1rem; }
    .notice { background:#e8f4ea; border:1px solid #b9dfc0; padding:.6rem .8rem; border-radius:4px; margin-bottom:1rem; }
    .hint, .muted { color:var(--muted); font-size:.85rem; }
    .block { display:block; }
    .req { color:var(--bad); }
    .empty { color:var(--muted); font-style:italic; }
    .pager { display:flex; flex-wrap:wrap; gap:1rem; margin:1rem 0; align-items:center; }
    .tiles { display:grid; grid-template-columns:repeat(auto-fill,minmax(170px,1fr)); gap:.8rem; margin-bottom:1.5rem; }
    .tile { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.8rem; text-decoration:none; color:var(--ink); }
    .tile .n { display:block; font-size:1.8rem; font-weight:700; }
    .tile .label { color:var(--muted); font-size:.85rem; }
    dl.details { display:grid; grid-template-columns:max-content 1fr; gap:.35rem 1rem; background:#fff; padding:1rem;
      border:1px solid var(--line); border-radius:6px; }
    dl.details dt { color:var(--muted); }
    dl.details dd { margin:0; white-space:pre-wrap; overflow-wrap:anywhere; }
    .badge { padding:.05rem .4rem; border-radius:3px; background:#eef1f4; font-size:.85rem; }
    .badge.active { background:#e8f4ea; } .badge.blocked { background:#fdecea; }
    pre.secret { background:#fff; border:1px dashed var(--accent); padding:.6rem; font-size:1rem; user-select:all; }
    code.details { white-space:pre-wrap; overflow-wrap:anywhere; font-size:.8rem; }
    .login { max-width:420px; margin:3rem auto; }
    .sr-only { position:absolute; width:1px; height:1px; padding:0; margin:-1px; overflow:hidden; clip:rect(0,0,0,0); border:0; }
    /* A table is never narrower than its content, whatever its width says: it is put off screen to the left,
       where overflow does not scroll, so a chart's numbers for screen readers cannot widen the page. */
    table.sr-only { left:-10000px; }
    figure.chart { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.5rem; margin:0 0 1rem; overflow-x:auto; }
    p.narrative { background:#fff; border-left:4px solid var(--accent); padding:.8rem 1rem; font-size:1.05rem; }
    .hp { position:absolute; left:-10000px; width:1px; height:1px; overflow:hidden; }
    ul.plain { list-style:none; padding:0; margin:0; }
    /* Home worklists: one card per entry, its title first and its facts after it, spaced and wrapping. */
    ul.worklist { list-style:none; padding:0; margin:0 0 .6rem; }
    ul.worklist > li { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.5rem .7rem; margin-bottom:.4rem; }
    ul.worklist > li > a:first-child, ul.worklist > li > strong:first-child { font-weight:600; margin-right:.7rem; }
    ul.worklist .facts { display:inline-flex; flex-wrap:wrap; gap:.15rem .8rem; color:var(--muted); font-size:.9rem; }
    ul.worklist > li > * + * { margin-left:.4rem; }
    ul.worklist .tracked-url { display:block; margin:.3rem 0; }
    .bar { display:inline-block; height:.7rem; background:var(--accent); vertical-align:middle; }
    \(widths)
    /* Phones: the header is one line (name and menu button), the menu opens below it; tables scroll
       sideways inside their own box, never the page. */
    @media (max-width: 899.98px) {
      header.top { display:block; position:relative; padding:.6rem .8rem; }
      .brand { display:inline-block; padding:.25rem 0; }
      .menu-toggle { display:block; position:absolute; top:.6rem; right:.8rem; width:1px; height:1px; margin:0;
        opacity:0; }
      .menu-button { display:block; position:absolute; top:.6rem; right:.8rem; cursor:pointer; padding:.25rem .7rem;
        border:1px solid #ffffff77; border-radius:4px; }
      .menu-button::before { content:"\\2630\\00a0"; }
      .menu-toggle:checked + .menu-button { background:#ffffff22; }
      .menu-toggle:focus-visible + .menu-button { outline:2px solid #fff; outline-offset:2px; }
      .menu-body { display:none; }
      /* A block, not a column flexbox: there the grid of entries below keeps the height of one column. */
      .menu-toggle:checked ~ .menu-body { display:block; padding:.6rem 0 .2rem; }
      .menu-body > * + * { margin-top:.7rem; }
      header nav ul { display:grid; grid-template-columns:repeat(auto-fill, minmax(9rem, 1fr)); gap:.5rem 1rem; }
      .who { margin-left:0; }
      main { margin:.8rem auto; padding:0 .8rem; }
      main table:not(.sr-only) { display:block; max-width:100%; overflow-x:auto; }
      /* In a box that scrolls, whole words read better than a column squeezed to a few letters. */
      table.list td { overflow-wrap:break-word; }
      dl.details { grid-template-columns:minmax(0, 1fr); }
      dl.details dd { margin-bottom:.4rem; }
      .form { padding:.8rem; }
    }
    @media print { header.top, footer, .filters, form { display:none; } body { background:#fff; } }
    """

    /// Bar widths as classes, because the content-security policy forbids inline styles.
    static let widths: String = (0...100).map { ".bar[data-w=\"\($0)\"] { width:\($0 * 2)px; }" }.joined(separator: "\n")
}
