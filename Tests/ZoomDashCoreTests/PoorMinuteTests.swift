import Testing
import ZoomDashCore

/// A participant-minute is poor when a judged channel breaks a threshold; values at the threshold
/// are fine, absent values are ignored, and screen share is not judged.
@Suite struct PoorMinuteTests {
    let settings = QualitySettings()

    func minute(_ quality: ChannelQuality, on channel: QualityChannel = .audioInput) -> QualitySample {
        var sample = QualitySample(meetingUUID: "M1", participantKey: "name:ann", minute: 600)
        sample[channel] = quality
        return sample
    }

    @Test(arguments: QualityChannel.judged)
    func eachThresholdIsExclusive(channel: QualityChannel) {
        #expect(settings.poorCause(of: minute(ChannelQuality(latencyMs: 300), on: channel)) == nil)
        #expect(settings.poorCause(of: minute(ChannelQuality(latencyMs: 301), on: channel)) == PoorCause(channel: channel, metric: .latency))
        #expect(settings.poorCause(of: minute(ChannelQuality(jitterMs: 40), on: channel)) == nil)
        #expect(settings.poorCause(of: minute(ChannelQuality(jitterMs: 40.5), on: channel)) == PoorCause(channel: channel, metric: .jitter))
        #expect(settings.poorCause(of: minute(ChannelQuality(avgLossPercent: 5), on: channel)) == nil)
        #expect(settings.poorCause(of: minute(ChannelQuality(avgLossPercent: 5.01), on: channel)) == PoorCause(channel: channel, metric: .avgLoss))
    }

    @Test func maxLossBitrateAndScreenShareDoNotMakeAMinutePoor() {
        #expect(settings.poorCause(of: minute(ChannelQuality(maxLossPercent: 40, bitrateKbps: 1))) == nil)
        #expect(settings.poorCause(of: minute(ChannelQuality(latencyMs: 2_000, jitterMs: 500, avgLossPercent: 50), on: .shareInput)) == nil)
        #expect(settings.poorCause(of: minute(ChannelQuality())) == nil)
    }

    @Test func theWidestMarginNamesTheCause() {
        let sample = minute(ChannelQuality(latencyMs: 330, jitterMs: 100, avgLossPercent: 6))
        #expect(settings.poorCause(of: sample)?.description == "audio_input.jitter")
    }

    @Test func thresholdsAreSettings() {
        var strict = QualitySettings()
        strict.poorLatencyMs = 150
        #expect(strict.poorCause(of: minute(ChannelQuality(latencyMs: 200))) != nil)
        #expect(settings.poorCause(of: minute(ChannelQuality(latencyMs: 200))) == nil)
    }

    @Test func twoConnectionsInOneMinuteCountOnceWithTheWorstFigures() {
        var laptop = minute(ChannelQuality(latencyMs: 80, jitterMs: 5, bitrateKbps: 30, frameRate: 25))
        laptop[.videoInput] = ChannelQuality(frameRate: 25)
        var phone = QualitySample(meetingUUID: "M1", participantKey: "name:ann", minute: 615)
        phone[.audioInput] = ChannelQuality(latencyMs: 450, avgLossPercent: 1, bitrateKbps: 20)
        phone[.videoInput] = ChannelQuality(frameRate: 8)
        let other = QualitySample(meetingUUID: "M1", participantKey: "name:bo", minute: 600, channels: [ChannelQuality(latencyMs: 20)])
        let merged = QualitySample.mergedByIdentity([laptop, other, phone])
        #expect(merged.count == 2)
        let ann = merged.first { $0.participantKey == "name:ann" }!
        #expect(ann.minute == 600, "a sample is filed under the start of its minute")
        #expect(ann[.audioInput] == ChannelQuality(latencyMs: 450, jitterMs: 5, avgLossPercent: 1, bitrateKbps: 30, frameRate: 25))
        #expect(ann[.videoInput].frameRate == 8)
        let timelines = QualityTimeline.timelines(of: merged, settings: settings)
        #expect(timelines.map(\.poorMinutes) == [1, 0])
        let quality = MeetingQuality(meetingUUID: "M1", timelines: timelines)
        #expect(quality.participantMinutes == 2)
        #expect(quality.poorMinutes == 1)
        #expect(quality.poorShare == 0.5)
        #expect(quality.worstCause?.description == "audio_input.latency")
    }
}
