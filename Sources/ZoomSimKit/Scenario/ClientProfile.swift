/// The device/network facts the Dashboard reports for one participant; stable for a person
/// within one meeting instance.
public struct ClientProfile: Sendable, Hashable, Codable {
    public let device: String
    public let os: String
    public let osVersion: String
    public let clientVersion: String
    public let networkType: String
    public let dataCenter: String
    public let location: String
    public let ipAddress: String
    public let internalIPAddress: String
    public let camera: String
    public let microphone: String
    public let speaker: String

    static func random(using random: inout SeededRandom) -> ClientProfile {
        let platforms: [(device: String, os: String, versions: [String])] = [
            ("Windows", "Windows", ["10", "11"]),
            ("Mac", "Mac", ["14.5", "15.1"]),
            ("iOS", "iOS", ["17.5", "18.0"]),
            ("Android", "Android", ["13", "14"]),
            ("Windows", "Windows", ["11"]),
        ]
        let platform = random.pick(platforms)
        let networks = ["Wifi", "Wifi", "Wifi", "Wired", "Cellular", "Others"]
        let centers = [
            ("Germany (FR)", "Germany"), ("Netherlands (AM)", "Netherlands"),
            ("United States (SC Top)", "United States"), ("United Kingdom (LO)", "United Kingdom"),
        ]
        let center = random.pick(centers)
        return ClientProfile(
            device: platform.device,
            os: platform.os,
            osVersion: random.pick(platform.versions),
            clientVersion: random.pick(["6.1.5.43231", "6.2.0.46690", "6.2.3.48207", "5.17.11.34827"]),
            networkType: random.pick(networks),
            dataCenter: center.0,
            location: center.1,
            ipAddress: "198.51.100.\(random.int(in: 2...254))",
            internalIPAddress: "192.168.\(random.int(in: 0...9)).\(random.int(in: 2...254))",
            camera: platform.device == "iOS" || platform.device == "Android" ? "Front Camera" : "Integrated Webcam",
            microphone: "Microphone Array",
            speaker: "Speakers")
    }
}
