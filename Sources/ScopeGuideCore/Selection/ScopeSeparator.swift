/// How *Scopes Selected* joins scope names (contract rule 5).
public enum ScopeSeparator: String, Sendable, CaseIterable, Codable {
    case space, comma, semicolon, pipe, newline

    public static let `default`: ScopeSeparator = .space

    public var character: String {
        switch self {
        case .space: " "
        case .comma: ","
        case .semicolon: ";"
        case .pipe: "|"
        case .newline: "\n"
        }
    }

    /// What a pasted scope list is split on (`scopeguide grant`, the page's grant panel):
    /// every separator a list may be copied with, and the tab and carriage return that
    /// pasting from a terminal or a spreadsheet adds.
    public static let pastedListSeparators: Set<Unicode.Scalar> =
        Set(allCases.flatMap { $0.character.unicodeScalars } + ["\t", "\r"])

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}
