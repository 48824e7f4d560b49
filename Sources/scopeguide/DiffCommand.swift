import ArgumentParser
import Foundation
import ScopeGuideImport

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "placeholder")
    func run() throws {}
}
