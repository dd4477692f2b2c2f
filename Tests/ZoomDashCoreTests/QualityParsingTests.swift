import Foundation
import Testing
import ZoomDashCore
import ZoomDashZoomAPI

/// Zoom's QoS values are strings with units, spelled several ways; anything else means "no value".
@Suite struct QualityParsingTests {
    @Test(arguments: [
        ("27.15 kbps", 27.15), ("27.15kbps", 27.15), ("126 ms", 126), ("126ms", 126), ("0.4%", 0.4), ("0.4 %", 0.4),
        ("12 fps", 12), ("12fps", 12), (" 0 ms", 0), ("-56", -56), ("-69 dBm", -69), ("3", 3), ("0.03%", 0.03),
    ])
    func everySpellingParses(text: String, value: Double) {
        #expect(ZoomQuantity.parse(text) == value)
    }

    @Test(arguments: ["", "-", " ", "n/a", "12 apples", "ms", "1.2.3 ms", "--5", "."])
    func noValue(text: String) {
        #expect(ZoomQuantity.parse(text) == nil)
    }

    @Test func resolutions() {
        #expect(ZoomQuantity.resolution("1280*720").map { [$0.width, $0.height] } == [1280, 720])
        #expect(ZoomQuantity.resolution("640x360").map { [$0.width, $0.height] } == [640, 360])
        #expect(ZoomQuantity.resolution("") == nil)
        #expect(ZoomQuantity.resolution("-") == nil)
        #expect(ZoomQuantity.resolution("0*0") == nil)
    }

    @Test func aQoSPageWithZoomsQuirksDecodes() throws {
        let json = """
            {"next_page_token":"","participants":[
              {"id":"","user_id":"16778240","user_name":"Ann Lee","participant_uuid":"p-ann","data_center":"Germany (FR)",
               "user_qos":[
                 {"date_time":"2026-11-20T08:01:00Z",
                  "audio_input":{"bitrate":"27.15 kbps","latency":"126 ms","jitter":"0ms","avg_loss":"0.03%","max_loss":"-"},
                  "audio_output":{"bitrate":"","latency":"","jitter":"","avg_loss":"","max_loss":""},
                  "video_input":{"bitrate":"1.2 Mbps","latency":"90ms","resolution":"1280*720","frame_rate":"12 fps"},
                  "as_input":{},
                  "cpu_usage":{"zoom_avg_cpu_usage":"4%","system_max_cpu_usage":"31%"},
                  "audio_device_from_crc":{}, "wifi_rssi":{"max_rssi":-40,"avg_rssi":-55,"min_rssi":-70,"rssi_unit":"dBm"},
                  "some_future_channel":{"latency":"9 ms"}},
                 {"audio_input":{"latency":"5 ms"}},
                 {"date_time":"2026-11-20T08:02:00Z","audio_input":"unexpected"}
               ]},
              {"user_id":"16778241","user_name":"Bo","email":"bo@school.example","user_qos":[]}
            ]}
            """
        let page = try JSONDecoder().decode(ZoomPage<ZoomQoSRecord>.self, from: Data(json.utf8))
        #expect(page.items.count == 2)
        let ann = page.items[0]
        #expect(ann.participantKey == "uuid:P-ANN")
        let samples = ann.samples(meetingUUID: "M1")
        #expect(samples.count == 2, "the sample without a time is skipped; the one with a wrong shape is kept without figures")
        let first = samples[0]
        #expect(first.minute == ZoomTime.parse("2026-11-20T08:01:00Z"))
        #expect(first[.audioInput].bitrateKbps == 27.15)
        #expect(first[.audioInput].latencyMs == 126)
        #expect(first[.audioInput].jitterMs == 0)
        #expect(first[.audioInput].maxLossPercent == nil)
        #expect(first[.audioOutput].isEmpty)
        #expect(first[.videoInput].bitrateKbps == 1200)
        #expect(first[.videoInput].width == 1280 && first[.videoInput].height == 720)
        #expect(first[.videoInput].frameRate == 12)
        #expect(first.cpu.zoomAvg == 4 && first.cpu.systemMax == 31)
        #expect(!samples[1].hasData)
        #expect(page.items[1].participantKey == "email:bo@school.example")
    }
}
