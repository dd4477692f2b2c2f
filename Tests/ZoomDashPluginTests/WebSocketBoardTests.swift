import Prometheus
import Testing
@testable import ZoomDashCollectors
@testable import ZoomDashServer

/// How the daemon shows its WebSocket sources: `/healthz`, `STATUS=` and `/metrics`.
@Suite struct WebSocketBoardTests {
    @Test func unhealthyOnlyWhenDisconnectedLongerThanTheThreshold() {
        let status = WebSocketStatus(name: "ws", unhealthyAfterSeconds: 300)
        let board = WebSocketBoard()
        board.register(status)
        #expect(board.problems(now: 1000).isEmpty, "never connected yet: the daemon's start is not an outage")
        status.update { $0.connected = true }
        #expect(board.summary(now: 1000) == "websocket ws live")
        status.update {
            $0.connected = false
            $0.disconnectedSince = 1000
        }
        #expect(board.problems(now: 1300).isEmpty)
        #expect(board.problems(now: 1301) == ["Zoom WebSocket source ws disconnected for 301 s"])
        #expect(board.summary(now: 1301) == "websocket ws disconnected 301 s")
        status.update { $0.suspectedTaken = true }
        #expect(board.problems(now: 1301).first?.hasSuffix("(the subscription looks taken by another client)") == true)
    }

    @Test func countersAreExportedOnceHoweverOftenScraped() {
        let status = WebSocketStatus(name: "ws")
        let board = WebSocketBoard()
        board.register(status)
        let registry = PrometheusCollectorRegistry()
        status.update {
            $0.connected = true
            $0.reconnects = ["watchdog": 2]
            $0.messagesByModule = ["message": 3, "heartbeat": 1]
            $0.gapSeconds = 12.5
            $0.lastFrameAt = 1_764_590_400
        }
        board.export(to: registry)
        board.export(to: registry)
        status.update { $0.reconnects["watchdog"] = 3 }
        board.export(to: registry)
        let text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains(#"zoomdash_websocket_reconnects_total{source="ws",reason="watchdog"} 3"#))
        #expect(text.contains(#"zoomdash_websocket_messages_total{source="ws",module="message"} 3"#))
        #expect(text.contains(#"zoomdash_websocket_gap_seconds_total{source="ws"} 12.5"#))
        #expect(text.contains(#"zoomdash_websocket_connected{source="ws"} 1.0"#))
        #expect(text.contains(#"zoomdash_websocket_last_frame_timestamp_seconds{source="ws"} 1764590400.0"#))
    }
}
