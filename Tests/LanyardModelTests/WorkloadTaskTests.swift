import Foundation
import LanyardAPI
import LanyardModel
import Testing

@Suite("The task state machine")
struct WorkloadTaskTests {
    let opened = Date(timeIntervalSince1970: 1_000)
    var task: WorkloadTask {
        WorkloadTask(id: "tsk_a", tenant: "default", identity: "idn_a", intent: "deploy", openedAt: opened, expiresAt: opened + 600)
    }

    @Test("a task is open until it expires, then expired without any write")
    func openThenExpired() {
        #expect(task.status(at: opened) == .open)
        #expect(task.status(at: opened + 599) == .open)
        #expect(task.status(at: opened + 600) == .expired)
    }

    @Test("ending an open task records when and by whom, and the cut-off moves to the end")
    func endOpen() throws {
        let ended = try task.ending(at: opened + 60, by: "identity:idn_a")
        #expect(ended.status(at: opened + 61) == .ended)
        #expect(ended.endedBy == "identity:idn_a")
        #expect(ended.cutoff == opened + 60)
        #expect(task.cutoff == opened + 600)
    }

    @Test("an ended task stays ended, also past its expiry")
    func endedIsFinal() throws {
        let ended = try task.ending(at: opened + 60, by: "admin")
        #expect(ended.status(at: opened + 10_000) == .ended)
        #expect(throws: LanyardError(.invalidState, "")) { try ended.ending(at: opened + 61, by: "admin") }
    }

    @Test("an expired task cannot be ended")
    func expiredCannotEnd() {
        #expect(throws: LanyardError(.invalidState, "")) { try task.ending(at: opened + 600, by: "admin") }
    }

    @Test("the API view reports the status at the given time")
    func view() throws {
        #expect(TaskView(task, now: opened).status == .open)
        #expect(TaskView(task, now: opened + 700).status == .expired)
        #expect(TaskView(try task.ending(at: opened + 1, by: "a"), now: opened + 2).status == .ended)
    }
}

@Suite("A task the sweep recorded as expired")
struct RecordedExpiryTests {
    @Test("stays expired, not ended")
    func recorded() {
        let opened = Date(timeIntervalSince1970: 1_000)
        let task = WorkloadTask(
            id: "tsk_a", tenant: "default", identity: "idn_a", intent: "x", openedAt: opened, expiresAt: opened + 60, endedAt: opened + 60,
            endedBy: WorkloadTask.expiryActor)
        #expect(task.status(at: opened + 61) == .expired)
    }
}
