import Dispatch

/// Hands consecutive byte pieces to an `emit` function on one background thread, in the order
/// they were sent. Rendering the restore text of a large cluster (40 MB at 10k services) and
/// writing it out then overlap: the rendering cores go on with the next pieces while the
/// previous ones are written, instead of idling through every `write(2)`.
///
/// At most `limit` pieces wait to be emitted (``send(_:)`` blocks beyond that), so the text
/// held at once stays bounded. Use it through ``OrderedEmitter/run(limit:emit:_:)``, which
/// returns only once every piece has been emitted.
final class OrderedEmitter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "kuberules.ordered-emitter")
    private let slots: DispatchSemaphore
    /// Only touched on `queue`, and cleared by ``run(limit:emit:_:)`` after the queue drained.
    private var emit: (([UInt8]) -> Void)?

    private init(limit: Int, emit: @escaping ([UInt8]) -> Void) {
        slots = DispatchSemaphore(value: max(1, limit))
        self.emit = emit
    }

    /// Queues `piece` after every piece sent before it.
    func send(_ piece: [UInt8]) {
        slots.wait()
        queue.async { [self] in
            emit?(piece)
            slots.signal()
        }
    }

    /// Runs `body` with an emitter writing through `emit`; every piece `body` sent has been
    /// emitted, in order, when this returns.
    static func run(limit: Int, emit: ([UInt8]) -> Void, _ body: (OrderedEmitter) -> Void) {
        withoutActuallyEscaping(emit) { emit in
            let emitter = OrderedEmitter(limit: limit, emit: emit)
            body(emitter)
            // Drains the queue: the blocks run in order, so this one runs after every piece.
            emitter.queue.sync { emitter.emit = nil }
        }
    }
}
