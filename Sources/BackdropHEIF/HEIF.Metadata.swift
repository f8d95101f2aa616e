// A pure-Swift reader of the HEIF `meta` box, enough to check a grid image before libheif assembles it.
// SPDX-License-Identifier: Apache-2.0

import BackdropCore

/// The items of a HEIF file's `meta` box that decide how the primary image is assembled: item types, `dimg`
/// references, `ispe` sizes, and the item data of the primary item.
///
/// libheif 1.15 (Debian 12) pastes grid tiles without checking them against the grid's declared size: fuzzing
/// found a 1.5 KB file whose grid descriptor and `ispe` disagree and which makes `heif_decode_image` write out of
/// bounds (`heif-convert` crashes on it too), and a grid of 49 columns with a single tile reference. Backdrop
/// reads the same boxes first and refuses a grid that is not self-consistent. Every read is bounds-checked; a
/// box that runs past its parent ends the scan.
struct HEIFMeta {
    var primary: UInt32?
    var types: [UInt32: String] = [:]
    var derivedFrom: [UInt32: [UInt32]] = [:]
    var sizes: [UInt32: (width: UInt32, height: UInt32)] = [:]
    var locations: [UInt32: (method: Int, base: Int, extents: [(offset: Int, length: Int)])] = [:]
    var itemData: ArraySlice<UInt8>?

    /// Reads the `meta` box of `bytes`, or returns nil when there is none (libheif then reports the error).
    init?(_ bytes: [UInt8]) {
        guard let meta = Self.boxes(bytes[...]).first(where: { $0.type == "meta" }), meta.body.count >= 4 else {
            return nil
        }
        var properties: [(type: String, body: ArraySlice<UInt8>)] = []
        var associations: [UInt32: [Int]] = [:]
        for box in Self.boxes(meta.body.dropFirst(4)) {
            let version = box.body.first ?? 0
            let body = box.body.dropFirst(4)
            switch box.type {
            case "pitm":
                primary = version == 0 ? Self.u16(body, 0).map(UInt32.init) : Self.u32(body, 0)
            case "iinf":
                let skip = version == 0 ? 2 : 4
                for entry in Self.boxes(body.dropFirst(skip)) where entry.type == "infe" {
                    let v = entry.body.first ?? 0
                    let e = entry.body.dropFirst(4)
                    guard v >= 2 else { continue }
                    let id = v == 2 ? Self.u16(e, 0).map(UInt32.init) : Self.u32(e, 0)
                    let typeOffset = v == 2 ? 4 : 6
                    if let id, let type = Self.fourCC(e, typeOffset) { types[id] = type }
                }
            case "iref":
                let wide = version != 0
                for reference in Self.boxes(body) where reference.type == "dimg" {
                    let r = reference.body
                    var at = 0
                    guard let from = wide ? Self.u32(r, 0) : Self.u16(r, 0).map(UInt32.init) else { continue }
                    at += wide ? 4 : 2
                    guard let count = Self.u16(r, at) else { continue }
                    at += 2
                    var targets: [UInt32] = []
                    for _ in 0..<Int(count) {
                        guard let to = wide ? Self.u32(r, at) : Self.u16(r, at).map(UInt32.init) else { break }
                        targets.append(to)
                        at += wide ? 4 : 2
                    }
                    derivedFrom[from, default: []] += targets
                }
            case "iprp":
                for child in Self.boxes(box.body) {
                    if child.type == "ipco" {
                        properties = Self.boxes(child.body).map { ($0.type, $0.body) }
                    } else if child.type == "ipma" {
                        associations = Self.associations(child.body)
                    }
                }
            case "iloc":
                parseLocations(body, version: version)
            case "idat":
                itemData = box.body
            default:
                break
            }
        }
        for (item, indices) in associations {
            for index in indices where index >= 1 && index <= properties.count {
                let property = properties[index - 1]
                if property.type == "ispe", let w = Self.u32(property.body, 4), let h = Self.u32(property.body, 8) {
                    sizes[item] = (w, h)
                }
            }
        }
    }

    /// Throws when the primary image is a grid whose descriptor, tile references and tile sizes disagree, or whose
    /// tiles add up to more pixels than `limits` allow.
    func checkPrimaryGrid(in bytes: [UInt8], limits: DecodingLimits) throws {
        guard let primary, types[primary] == "grid" else { return }
        func corrupt(_ detail: String) -> DecodingError { .corrupt(detail: "inconsistent HEIF grid: \(detail)") }
        guard let data = self.data(of: primary, in: bytes), data.count >= 8 else {
            throw corrupt("no grid descriptor")
        }
        let flags = data[data.startIndex + 1]
        let rows = Int(data[data.startIndex + 2]) + 1, columns = Int(data[data.startIndex + 3]) + 1
        let width: UInt32?, height: UInt32?
        if flags & 1 == 0 {
            width = Self.u16(data, 4).map(UInt32.init)
            height = Self.u16(data, 6).map(UInt32.init)
        } else {
            width = Self.u32(data, 4)
            height = Self.u32(data, 8)
        }
        guard let width, let height, width > 0, height > 0 else { throw corrupt("no output size") }
        if let declared = sizes[primary], declared.width != width || declared.height != height {
            throw corrupt("descriptor says \(width)x\(height), ispe \(declared.width)x\(declared.height)")
        }
        let tiles = derivedFrom[primary] ?? []
        guard tiles.count == rows * columns else {
            throw corrupt("\(rows)x\(columns) tiles but \(tiles.count) tile references")
        }
        guard let first = tiles.first, let tile = sizes[first], tile.width > 0, tile.height > 0 else {
            throw corrupt("a tile without a size")
        }
        for id in tiles {
            guard let size = sizes[id], size.width == tile.width, size.height == tile.height else {
                throw corrupt("tiles of different sizes")
            }
        }
        let coveredWidth = UInt64(tile.width) * UInt64(columns), coveredHeight = UInt64(tile.height) * UInt64(rows)
        guard coveredWidth >= UInt64(width), coveredHeight >= UInt64(height),
            coveredWidth - UInt64(tile.width) < UInt64(width), coveredHeight - UInt64(tile.height) < UInt64(height)
        else {
            throw corrupt("\(rows)x\(columns) tiles of \(tile.width)x\(tile.height) do not tile \(width)x\(height)")
        }
        // The tiles are decoded whole: their pixels count against the limits, not only the cropped output.
        try limits.check(width: Int(min(coveredWidth, 1 << 40)), height: Int(min(coveredHeight, 1 << 40)))
    }

    /// The bytes of item `id` (its extents concatenated), from `idat` or from the file.
    func data(of id: UInt32, in bytes: [UInt8]) -> [UInt8]? {
        guard let location = locations[id] else { return nil }
        let source: ArraySlice<UInt8>
        switch location.method {
        case 0: source = bytes[...]
        case 1:
            guard let itemData else { return nil }
            source = itemData
        default: return nil
        }
        var out: [UInt8] = []
        for extent in location.extents {
            let (start, overflow) = location.base.addingReportingOverflow(extent.offset)
            let length = extent.length == 0 ? source.count - start : extent.length
            guard !overflow, start >= 0, length >= 0, start <= source.count, length <= source.count - start,
                out.count + length <= 1 << 20
            else { return nil }
            out += source[(source.startIndex + start)..<(source.startIndex + start + length)]
        }
        return out
    }

    // MARK: - Box reading

    /// The boxes in `data`, in order; stops at the first box that does not fit.
    static func boxes(_ data: ArraySlice<UInt8>) -> [(type: String, body: ArraySlice<UInt8>)] {
        var result: [(type: String, body: ArraySlice<UInt8>)] = []
        var at = 0
        while at + 8 <= data.count, result.count < 10_000 {
            guard let size32 = u32(data, at), let type = fourCC(data, at + 4) else { break }
            var header = 8
            var size = Int(size32)
            if size32 == 1 {
                guard let large = u64(data, at + 8), large <= UInt64(Int.max) else { break }
                size = Int(large)
                header = 16
            } else if size32 == 0 {
                size = data.count - at
            }
            guard size >= header, size <= data.count - at else { break }
            let start = data.startIndex + at
            result.append((type, data[(start + header)..<(start + size)]))
            at += size
        }
        return result
    }

    /// `ipma` entries: item → property indices (1-based).
    static func associations(_ box: ArraySlice<UInt8>) -> [UInt32: [Int]] {
        guard box.count >= 8 else { return [:] }
        let version = box[box.startIndex], flags = box[box.startIndex + 3]
        var at = 4
        guard let count = u32(box, at) else { return [:] }
        at += 4
        var result: [UInt32: [Int]] = [:]
        for _ in 0..<min(Int(count), 100_000) {
            guard let item = version < 1 ? u16(box, at).map(UInt32.init) : u32(box, at) else { break }
            at += version < 1 ? 2 : 4
            guard let n = u8(box, at) else { break }
            at += 1
            var indices: [Int] = []
            for _ in 0..<Int(n) {
                if flags & 1 != 0 {
                    guard let v = u16(box, at) else { break }
                    indices.append(Int(v & 0x7FFF))
                    at += 2
                } else {
                    guard let v = u8(box, at) else { break }
                    indices.append(Int(v & 0x7F))
                    at += 1
                }
            }
            result[item, default: []] += indices
        }
        return result
    }

    /// `iloc` entries (versions 0–2).
    mutating func parseLocations(_ body: ArraySlice<UInt8>, version: UInt8) {
        guard let sizes1 = Self.u8(body, 0), let sizes2 = Self.u8(body, 1), version <= 2 else { return }
        let offsetSize = Int(sizes1 >> 4), lengthSize = Int(sizes1 & 15), baseSize = Int(sizes2 >> 4)
        let indexSize = version == 0 ? 0 : Int(sizes2 & 15)
        var at = 2
        guard let count = version < 2 ? Self.u16(body, at).map(UInt32.init) : Self.u32(body, at) else { return }
        at += version < 2 ? 2 : 4
        func sized(_ n: Int) -> Int? {
            defer { at += n }
            switch n {
            case 0: return 0
            case 4: return Self.u32(body, at).map(Int.init)
            case 8: return Self.u64(body, at).flatMap { $0 <= UInt64(Int.max) ? Int($0) : nil }
            default: return nil
            }
        }
        for _ in 0..<min(Int(count), 100_000) {
            guard let id = version < 2 ? Self.u16(body, at).map(UInt32.init) : Self.u32(body, at) else { return }
            at += version < 2 ? 2 : 4
            var method = 0
            if version >= 1 {
                guard let m = Self.u16(body, at) else { return }
                method = Int(m & 15)
                at += 2
            }
            at += 2  // data_reference_index
            guard let base = sized(baseSize), let extentCount = Self.u16(body, at) else { return }
            at += 2
            var extents: [(offset: Int, length: Int)] = []
            for _ in 0..<Int(extentCount) {
                if indexSize > 0 { guard sized(indexSize) != nil else { return } }
                guard let offset = sized(offsetSize), let length = sized(lengthSize) else { return }
                extents.append((offset, length))
            }
            locations[id] = (method, base, extents)
        }
    }

    static func u8(_ d: ArraySlice<UInt8>, _ at: Int) -> UInt8? {
        at >= 0 && at < d.count ? d[d.startIndex + at] : nil
    }
    static func u16(_ d: ArraySlice<UInt8>, _ at: Int) -> UInt16? {
        guard at >= 0, at + 2 <= d.count else { return nil }
        return UInt16(d[d.startIndex + at]) << 8 | UInt16(d[d.startIndex + at + 1])
    }
    static func u32(_ d: ArraySlice<UInt8>, _ at: Int) -> UInt32? {
        guard at >= 0, at + 4 <= d.count else { return nil }
        return (0..<4).reduce(0) { $0 << 8 | UInt32(d[d.startIndex + at + $1]) }
    }
    static func u64(_ d: ArraySlice<UInt8>, _ at: Int) -> UInt64? {
        guard at >= 0, at + 8 <= d.count else { return nil }
        return (0..<8).reduce(0) { $0 << 8 | UInt64(d[d.startIndex + at + $1]) }
    }
    static func u16(_ d: [UInt8], _ at: Int) -> UInt16? { u16(d[...], at) }
    static func u32(_ d: [UInt8], _ at: Int) -> UInt32? { u32(d[...], at) }
    static func fourCC(_ d: ArraySlice<UInt8>, _ at: Int) -> String? {
        guard at >= 0, at + 4 <= d.count else { return nil }
        return String(decoding: d[(d.startIndex + at)..<(d.startIndex + at + 4)], as: UTF8.self)
    }
}
