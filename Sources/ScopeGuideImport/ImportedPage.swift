import Ccmark

/// What a reference-format page holds, before it is written as ScopeGuide content.
/// Bodies are cmark documents owned by the page.
final class ImportedPage {
    struct ActionEntry: Decodable, Sendable {
        var id: String
        var label: String
        var scopes: [String]
        var description: String?
    }

    struct Callout {
        var kind: String       // warning | note | tip
        var markdown: String
        var line: Int
    }

    final class Step {
        var title: String
        var line: Int
        var condition: [String] = []
        var displayScopes: [String] = []
        var badgeScopes: [String] = []
        /// The badge labels the page printed (all actions selected), for checking.
        var badgeLabels: [String]?
        let body = CMark.new(CMARK_NODE_DOCUMENT)

        init(title: String, line: Int) {
            self.title = title
            self.line = line
        }

        deinit { cmark_node_free(body) }
    }

    final class Section {
        var title: String
        var line: Int
        var condition: [String] = []
        let intro = CMark.new(CMARK_NODE_DOCUMENT)
        var steps: [Step] = []
        /// Set when the section is the shared "Creating the … Connector Profile" template.
        var isConnectorProfileTemplate = false
        /// Where Markdown text after the steps began (it is appended to the last step).
        var trailingLine: Int?

        init(title: String, line: Int) {
            self.title = title
            self.line = line
        }

        deinit { cmark_node_free(intro) }
    }

    var title = ""
    var titleLine = 1
    var summary = ""
    var callouts: [Callout] = []
    /// nil when the page has no selector panel.
    var actions: [ActionEntry]?
    var actionsLine = 1
    var sections: [Section] = []
    var credentials: [String]?
    var platform: String?
    var redirectURI: String?
    /// Page content that has no place in the guide: kept as comments in guide.yaml.
    var unplaced: [(line: Int, text: String)] = []
}
