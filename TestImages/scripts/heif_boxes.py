#!/usr/bin/env python3
# Minimal ISO-BMFF editing for HEIF fixtures: add transform properties (irot, imir) to the primary image.
# SPDX-License-Identifier: CC0-1.0
"""heif-enc 1.15 cannot write rotation or mirroring, so heif_fixtures.py adds them to a heif-enc file here:
a property box is appended to `ipco`, associated (essential) with the primary item in `ipma`, and every file
offset in `iloc` is moved by the bytes the metadata grew (the `mdat` box follows `meta`)."""
import struct


def boxes(data, start, end):
    """(type, box start, payload start, box end) of the boxes in data[start:end]."""
    out = []
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[at + 8:at + 16])[0]
            header = 16
        elif size == 0:
            size = end - at
        out.append((kind.decode("latin-1"), at, at + header, at + size))
        at += size
    return out


def box(kind, payload):
    return struct.pack(">I4s", 8 + len(payload), kind.encode()) + payload


def find(children, kind):
    return next(c for c in children if c[0] == kind)


def add_transforms(data, properties):
    """`data` with each (kind, payload) property associated with the primary item, in order, as essential."""
    data = bytes(data)
    top = boxes(data, 0, len(data))
    meta = find(top, "meta")
    meta_children = boxes(data, meta[2] + 4, meta[3])
    primary = struct.unpack(">H", data[find(meta_children, "pitm")[2] + 4:][:2])[0]
    iprp = find(meta_children, "iprp")
    iprp_children = boxes(data, iprp[2], iprp[3])
    ipco = find(iprp_children, "ipco")
    ipma = find(iprp_children, "ipma")
    property_count = len(boxes(data, ipco[2], ipco[3]))
    new_ipco = box("ipco", data[ipco[2]:ipco[3]] + b"".join(box(k, p) for k, p in properties))

    # ipma: version/flags, entry_count, entries of item id, association count, associations.
    body = data[ipma[2]:ipma[3]]
    version, flags = body[0], int.from_bytes(body[1:4], "big")
    wide = flags & 1
    count = struct.unpack(">I", body[4:8])[0]
    at = 8
    entries = bytearray(body[:8])
    for _ in range(count):
        id_size = 4 if version >= 1 else 2
        item = int.from_bytes(body[at:at + id_size], "big")
        n = body[at + id_size]
        size = 2 if wide else 1
        assoc = body[at + id_size + 1:at + id_size + 1 + n * size]
        at += id_size + 1 + n * size
        if item == primary:
            for index in range(len(properties)):
                value = (0x8000 if wide else 0x80) | (property_count + 1 + index)
                assoc += value.to_bytes(size, "big")
        entries += item.to_bytes(id_size, "big") + bytes([len(assoc) // size]) + assoc
    new_ipma = box("ipma", bytes(entries))

    new_iprp_payload = b""
    for child in iprp_children:
        new_iprp_payload += new_ipco if child[0] == "ipco" else new_ipma if child[0] == "ipma" else data[child[1]:child[3]]
    new_iprp = box("iprp", new_iprp_payload)
    delta = len(new_iprp) - (iprp[3] - iprp[1])

    new_meta_payload = data[meta[2]:meta[2] + 4]
    for child in meta_children:
        chunk = data[child[1]:child[3]]
        if child[0] == "iprp":
            chunk = new_iprp
        elif child[0] == "iloc":
            chunk = shifted_iloc(chunk, delta)
        new_meta_payload += chunk
    new_meta = box("meta", new_meta_payload)
    assert all(b[1] < meta[1] or b[1] >= meta[3] for b in top if b[0] != "meta")
    return data[:meta[1]] + new_meta + data[meta[3]:]


def shifted_iloc(chunk, delta):
    """An iloc box whose file-offset items (construction method 0) point `delta` bytes later."""
    b = bytearray(chunk)
    at = 8
    version = b[at]
    at += 4
    offset_size, length_size = b[at] >> 4, b[at] & 15
    base_size = b[at + 1] >> 4
    index_size = b[at + 1] & 15 if version in (1, 2) else 0
    at += 2
    if version < 2:
        count = struct.unpack(">H", b[at:at + 2])[0]
        at += 2
    else:
        count = struct.unpack(">I", b[at:at + 4])[0]
        at += 4
    for _ in range(count):
        at += 2 if version < 2 else 4  # item id
        method = 0
        if version in (1, 2):
            method = b[at + 1] & 15
            at += 2
        at += 2  # data reference index
        base_at = at
        at += base_size
        extents = struct.unpack(">H", b[at:at + 2])[0]
        at += 2
        if method == 0 and base_size:
            value = int.from_bytes(b[base_at:base_at + base_size], "big") + delta
            b[base_at:base_at + base_size] = value.to_bytes(base_size, "big")
        for _ in range(extents):
            at += index_size
            if method == 0 and not base_size:
                value = int.from_bytes(b[at:at + offset_size], "big") + delta
                b[at:at + offset_size] = value.to_bytes(offset_size, "big")
            at += offset_size + length_size
    return bytes(b)


def grid_2x2(data, width, height):
    """A heif-enc file of four images (each wrapped by heif-enc in a 1 x 1 `grid` item over one `hvc1` tile, with
    the descriptors in `idat`) turned into one 2 x 2 grid: the primary grid item's descriptor, its `ispe` and its
    `dimg` reference now cover the four tiles, row by row; the other wrappers stay as extra top-level images."""
    data = bytearray(data)
    top = boxes(data, 0, len(data))
    meta = find(top, "meta")
    children = boxes(data, meta[2] + 4, meta[3])
    primary = struct.unpack(">H", data[find(children, "pitm")[2] + 4:][:2])[0]
    iref = find(children, "iref")
    entries = boxes(data, iref[2] + 4, iref[3])
    dimg = [e for e in entries if e[0] == "dimg"]
    sources = [struct.unpack(">H", data[e[2]:e[2] + 2])[0] for e in dimg]
    tiles = [struct.unpack(">H", data[e[2] + 4:e[2] + 6])[0] for e in dimg]
    assert len(tiles) == 4 and primary in sources
    # The primary grid's descriptor is the first 8 bytes of idat (heif-enc writes them in item order).
    idat = find(children, "idat")
    data[idat[2]:idat[2] + 8] = bytes([0, 0, 1, 1]) + struct.pack(">HH", width, height)
    # Its ispe: the non-essential property it is associated with that is an ispe of the cropped size.
    iprp = find(children, "iprp")
    props = boxes(data, find(boxes(data, iprp[2], iprp[3]), "ipco")[2], find(boxes(data, iprp[2], iprp[3]), "ipco")[3])
    ipma = find(boxes(data, iprp[2], iprp[3]), "ipma")
    body = data[ipma[2]:ipma[3]]
    at = 8
    for _ in range(struct.unpack(">I", body[4:8])[0]):
        item, n = struct.unpack(">HB", body[at:at + 3])
        if item == primary:
            for a in body[at + 3:at + 3 + n]:
                p = props[(a & 0x7F) - 1]
                if p[0] == "ispe":
                    data[p[2] + 4:p[2] + 12] = struct.pack(">II", width, height)
        at += 3 + n
    new_entries = b""
    for e in entries:
        if e[0] == "dimg" and struct.unpack(">H", data[e[2]:e[2] + 2])[0] == primary:
            new_entries += box("dimg", struct.pack(">HH", primary, 4) + b"".join(struct.pack(">H", t) for t in tiles))
        else:
            new_entries += bytes(data[e[1]:e[3]])
    new_iref = box("iref", bytes(data[iref[2]:iref[2] + 4]) + new_entries)
    delta = len(new_iref) - (iref[3] - iref[1])
    payload = bytes(data[meta[2]:meta[2] + 4])
    for child in children:
        chunk = bytes(data[child[1]:child[3]])
        payload += new_iref if child[0] == "iref" else shifted_iloc(chunk, delta) if child[0] == "iloc" else chunk
    return bytes(data[:meta[1]]) + box("meta", payload) + bytes(data[meta[3]:])
