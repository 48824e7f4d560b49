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

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}
