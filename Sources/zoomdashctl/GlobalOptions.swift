import ArgumentParser

struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $ZOOMDASH_CONFIG, else /etc/zoomdash/zoomdash.toml; embedded defaults when absent).")
    var config: String?

    @Flag(name: .shortAndLong, help: "Log debug details.")
    var verbose = false
}
