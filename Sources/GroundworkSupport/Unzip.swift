/// The first and the second elements of `pairs`, as two arrays in the same order, moved out
/// of `pairs`.
///
/// Why: `(pairs.map(\.0), pairs.map(\.1))` copies every element, and copying a page retains
/// each of its many fields (then freeing `pairs` releases them all again), on one core: a
/// profile of resolve put 13 % of it in splitting the prepared pages from their diagnostics
/// so. Here each element is moved: reversed in place (swaps), then popped off the end.
/// Pass `pairs` with `consume` (or as a temporary): a copy still held by the caller would
/// make the reversal copy it all.
package func unzip<A, B>(_ pairs: consuming [(A, B)]) -> (firsts: [A], seconds: [B]) {
    var pairs = pairs
    var firsts: [A] = [], seconds: [B] = []
    firsts.reserveCapacity(pairs.count)
    seconds.reserveCapacity(pairs.count)
    pairs.reverse()
    while let (first, second) = pairs.popLast() {
        firsts.append(first)
        seconds.append(second)
    }
    return (firsts, seconds)
}
