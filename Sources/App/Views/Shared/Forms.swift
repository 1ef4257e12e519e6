import Plot

/// Form controls with their label and inline error. Values are what the person typed, echoed
/// back escaped, so a refused form never loses their work.
///
/// Plot's typed contexts cannot express `<option>` with text or a control reused in several
/// parent contexts, so controls are written here as markup in which every interpolated value
/// passes through `Escape` — the only place in the views that writes raw markup.
enum Forms {
    private static func a(_ s: String) -> String { Escape.attribute(s) }
    private static func t(_ s: String) -> String { Escape.attribute(s) }  // text content: same escaping is safe

    static func csrf<C>(_ token: String) -> Node<C> {
        .raw("<input type=\"hidden\" name=\"\(CSRFMiddleware.field)\" value=\"\(a(token))\">")
    }

    private static func wrap(_ name: String, _ label: String, required: Bool, control: String, hint: String?,
                             error: String?) -> String {
        var html = "<div class=\"\(error == nil ? "field" : "field invalid")\">"
        html += "<label for=\"f-\(a(name))\">\(t(label))"
        if required { html += "<span class=\"req\"> *</span>" }
        html += "</label>" + control
        if let hint { html += "<small class=\"hint\">\(t(hint))</small>" }
        // The summary at the top of the form is the alert; the message here only marks the field.
        if let error { html += "<p class=\"error\" id=\"e-\(a(name))\">\(t(error))</p>" }
        return html + "</div>"
    }

    static func text<C>(
        _ name: String, label: String, value: String, error: String?, required: Bool = false, max: Int,
        type: String = "text", hint: String? = nil
    ) -> Node<C> {
        var control = "<input type=\"\(a(type))\" name=\"\(a(name))\" id=\"f-\(a(name))\" value=\"\(a(value))\""
        control += " maxlength=\"\(max)\""
        if required { control += " required" }
        if error != nil { control += " aria-invalid=\"true\" aria-describedby=\"e-\(a(name))\"" }
        control += ">"
        return .raw(wrap(name, label, required: required, control: control, hint: hint, error: error))
    }

    static func textarea<C>(
        _ name: String, label: String, value: String, error: String?, max: Int, rows: Int = 4, hint: String? = nil
    ) -> Node<C> {
        let invalid = error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"e-\(a(name))\""
        let control = "<textarea name=\"\(a(name))\" id=\"f-\(a(name))\" rows=\"\(rows)\" maxlength=\"\(max)\"\(invalid)>"
            + t(value) + "</textarea>"
        return .raw(wrap(name, label, required: false, control: control, hint: hint, error: error))
    }

    static func select<C>(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String,
        error: String?, required: Bool = false, includeBlank: Bool = false
    ) -> Node<C> {
        let invalid = error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"e-\(a(name))\""
        var control = "<select name=\"\(a(name))\" id=\"f-\(a(name))\"\(invalid)>"
        if includeBlank { control += "<option value=\"\">—</option>" }
        for option in options {
            control += "<option value=\"\(a(option.value))\"\(option.value == selected ? " selected" : "")>"
                + t(option.label) + "</option>"
        }
        control += "</select>"
        return .raw(wrap(name, label, required: required, control: control, hint: nil, error: error))
    }

    /// The list of what went wrong, put first inside a refused form: a translated heading and one
    /// link per problem to its field (`#f-FIELD`). `app.js` moves focus here (`data-autofocus`), so
    /// a person who pressed Save sees at once that it was refused and why, even on a long page.
    /// `order` lists the form's fields top to bottom; problems follow it, the others after by name.
    static func errors<C>(_ errors: [String: AppError], _ translate: Translator, order: [String] = []) -> Node<C> {
        guard !errors.isEmpty else { return .empty }
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let keys = errors.keys.sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }
        var html = "<div id=\"form-errors\" class=\"alert\" role=\"alert\" tabindex=\"-1\" data-autofocus>"
        let heading = translate(errors.count == 1 ? "form.errors.one" : "form.errors.many",
                                ["count": String(errors.count)])
        html += "<h2>" + t(heading) + "</h2><ul>"
        for key in keys {
            guard let error = errors[key] else { continue }
            let message = t(error.text(translate))
            let field = error.field ?? key
            html += field.isEmpty ? "<li>\(message)</li>" : "<li><a href=\"#f-\(a(field))\">\(message)</a></li>"
        }
        return .raw(html + "</ul></div>")
    }

    static func summary<C>(_ message: String?) -> Node<C> {
        guard let message else { return .empty }
        return .raw("<div class=\"alert\" role=\"alert\">\(t(message))</div>")
    }
}
