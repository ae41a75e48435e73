/// The first and the second elements of `pairs`, as two arrays in the same order, moved out
/// of `pairs`.
///
/// Why: `(pairs.map(\.0), pairs.map(\.1))` copies every element, and copying a page retains
/// each of its many fields (then freeing `pairs` releases them all again), on one core: a
/// profile of resolve put 13 % of it in splitting the prepared pages from their diagnostics
/// so. Here each element is moved: popped off the end of `pairs` and put straight into its
/// place in the two new arrays. (It used to reverse `pairs` first and then pop; the generic
/// `reverse` swaps by copying: 10,000 parsed pages copied and destroyed twice on one core,
/// issue 21.)
/// Pass `pairs` with `consume` (or as a temporary): a copy still held by the caller would
/// make the popping copy it all. `@inlinable`, so that it is specialized for the callers'
/// types: unspecialized, taking the popped pair apart copied it (and freed the original).
@inlinable
package func unzip<A, B>(_ pairs: consuming [(A, B)]) -> (firsts: [A], seconds: [B]) {
    var pairs = pairs
    let count = pairs.count
    var seconds: [B] = []
    let firsts = [A](unsafeUninitializedCapacity: count) { firstSlots, firstCount in
        seconds = [B](unsafeUninitializedCapacity: count) { secondSlots, secondCount in
            // From the last pair to the first: each pair's halves go to its own index.
            var index = count
            while let (first, second) = pairs.popLast() {
                index -= 1
                (firstSlots.baseAddress! + index).initialize(to: first)
                (secondSlots.baseAddress! + index).initialize(to: second)
            }
            secondCount = count
        }
        firstCount = count
    }
    return (firsts, seconds)
}
