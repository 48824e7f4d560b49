import Foundation

/// The script every served page gets, and how it is put into a page.
enum LiveReloadScript {
    static let path = "/__scopeguide/reload.js"
    static let eventsPath = "/__scopeguide/events"

    /// Reloads on `reload`; on `error` shows a fixed overlay listing the diagnostics (text set
    /// with textContent, never parsed as HTML) that the next good build removes.
    static let source = #"""
    // ScopeGuide preview: live reload and the content error overlay (served by `scopeguide serve` only).
    (function () {
      "use strict";
      var OVERLAY_ID = "scopeguide-error-overlay";
      var seen = null;

      function hide() {
        var old = document.getElementById(OVERLAY_ID);
        if (old) { old.remove(); }
      }

      function show(errors) {
        hide();
        var box = document.createElement("div");
        box.id = OVERLAY_ID;
        box.setAttribute("role", "alert");
        var s = box.style;
        s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "2147483647";
        s.maxHeight = "60vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "1rem 1.25rem";
        s.background = "#2b0b0e"; s.color = "#ffe3e3"; s.borderTop = "4px solid #e5484d";
        s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
        // Explicit colours on every part: the site's own stylesheet styles <strong> and <pre>.
        var title = document.createElement("strong");
        title.style.display = "block"; title.style.color = "#ffe3e3"; title.style.font = "inherit";
        title.style.fontWeight = "700";
        title.textContent = "Content error: still showing the last good build. Fix the file and this page reloads.";
        box.appendChild(title);
        var list = document.createElement("pre");
        list.style.whiteSpace = "pre-wrap"; list.style.margin = "0.5rem 0 0"; list.style.font = "inherit";
        list.style.color = "#ffe3e3"; list.style.background = "transparent"; list.style.border = "0";
        list.style.padding = "0"; list.style.boxShadow = "none";
        list.textContent = errors.map(function (e) { return e.text; }).join("\n");
        box.appendChild(list);
        document.body.appendChild(box);
      }

      if (typeof EventSource === "undefined") { return; }
      var source = new EventSource("/__scopeguide/events");
      source.addEventListener("ready", function (event) {
        // After a reconnect (server restarted, or a missed reload) a newer build means reload.
        if (seen !== null && event.data !== seen) { location.reload(); }
        seen = event.data;
        document.documentElement.setAttribute("data-scopeguide-preview", "connected");
      });
      source.addEventListener("reload", function () {
        hide();
        location.reload();
      });
      source.addEventListener("error", function (event) {
        if (typeof event.data !== "string") { return; }  // a dropped connection, not a content error
        var errors = [];
        try { errors = JSON.parse(event.data).errors || []; } catch (e) { errors = [{ text: String(event.data) }]; }
        show(errors);
      });
    })();

    """#

    static let tag = "<script src=\"\(path)\"></script>\n"

    /// Adds the script just before `</body>` and lets the page's CSP connect back to this
    /// server for the event stream (`connect-src 'self'`). Only served bytes change.
    static func inject(into html: String) -> String {
        var page = allowSelfConnect(html)
        if let body = page.range(of: "</body>", options: [.backwards, .caseInsensitive]) {
            page.insert(contentsOf: tag, at: body.lowerBound)
        } else {
            page += tag
        }
        return page
    }

    /// Rewrites the `connect-src` directive of a `<meta http-equiv="Content-Security-Policy">`.
    static func allowSelfConnect(_ html: String) -> String {
        guard let meta = html.range(of: "http-equiv=\"Content-Security-Policy\"", options: .caseInsensitive),
              let tagEnd = html.range(of: ">", range: meta.upperBound..<html.endIndex),
              let open = html.range(of: "content=\"", range: meta.upperBound..<tagEnd.lowerBound),
              let close = html.range(of: "\"", range: open.upperBound..<tagEnd.lowerBound)
        else { return html }
        let escaped = String(html[open.upperBound..<close.lowerBound])
        let policy = escaped.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'")
        var directives = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let i = directives.firstIndex(where: { $0.lowercased().hasPrefix("connect-src") }) {
            let sources = directives[i].split(separator: " ").dropFirst().filter { $0 != "'none'" }
            directives[i] = (["connect-src"] + sources.map(String.init) + (sources.contains("'self'") ? [] : ["'self'"]))
                .joined(separator: " ")
        } else {
            directives.append("connect-src 'self'")
        }
        var page = html
        page.replaceSubrange(open.upperBound..<close.lowerBound, with: directives.joined(separator: "; "))
        return page
    }
}
