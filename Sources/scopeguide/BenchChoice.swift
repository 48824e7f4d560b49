import ArgumentParser
import Foundation
import ScopeGuideCore
import ScopeGuideKit

/// The cost of rule 0's choice for one connector: selecting every action, then seeded random
/// selections (each action in with probability one half), with each strategy. Prints JSON for
/// `bench/run.py`; never asserts a time.
struct BenchChoice: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-choice",
        abstract: "Time the scope choice among alternatives (a developer tool).",
        shouldDisplay: false)

    @Argument(help: "The connector key.") var connector: String
    @OptionGroup var content: ContentOptions
    @Option(help: "Random selections per strategy.") var selections = 1000

    func run() throws {
        let (_, loaded) = try CLI.run { () throws(Diagnostics) in
            try ContentLoader(paths: content.paths).loadConnector(connector)
        }
        let catalog = loaded.catalog
        var rng = SeededGenerator(seed: 42)
        let picks: [[Int]] = (0..<selections).map { _ in catalog.actions.indices.filter { _ in rng.next() & 1 == 1 } }
        var report: [String: Any] = ["actions": catalog.actions.count, "scopes": catalog.scopes.count,
                                     "alternatives": catalog.actions.reduce(0) { $0 + $1.alternatives.count }]
        for strategy in ScopeStrategy.allCases {
            let all = Self.time { ScopeChoice(catalog: catalog, selected: Array(catalog.actions.indices), strategy: strategy) }
            var times: [Double] = []
            var unproven = 0
            for selected in picks {
                let (ms, choice) = Self.time { ScopeChoice(catalog: catalog, selected: selected, strategy: strategy) }
                times.append(ms)
                if !choice.proven { unproven += 1 }
            }
            times.sort()
            report[strategy.rawValue] = [
                "selectAllMilliseconds": all.0, "selectAllProven": all.1.proven, "selectAllNodes": all.1.nodes,
                "medianMilliseconds": times.isEmpty ? 0 : times[times.count / 2], "worstMilliseconds": times.last ?? 0,
                "unproven": unproven,
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func time<T>(_ body: () -> T) -> (Double, T) {
        let start = ContinuousClock.now
        let value = body()
        let d = ContinuousClock.now - start
        return (Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15, value)
    }
}

/// SplitMix64: the same selections on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
