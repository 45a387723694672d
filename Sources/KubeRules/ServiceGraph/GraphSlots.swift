/// Uninitialized memory (of the arrays being built) that the concurrent ``ServiceChunk``s fill,
/// so their results are not copied (each ``ServicePortInfo`` holds a dozen references: a copy
/// retains them all) when the chunks are joined.
///
/// Invariant: every slot is initialized at most once, by the one chunk that owns it (chunks own
/// disjoint slot ranges), and only while `ParallelChunks.map` runs; the owner reads or moves the
/// slots (or closes gaps between them in place) only after it returned, and accounts for exactly the
/// slots that were initialized.
struct GraphSlots<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let capacity: Int

    func initialize(_ slot: Int, to value: consuming Element) {
        precondition(slot >= 0 && slot < capacity, "graph slot out of range")
        (base + slot).initialize(to: value)
    }

    subscript(slot: Int) -> Element {
        unsafeAddress { UnsafePointer(base + slot) }
    }
}
