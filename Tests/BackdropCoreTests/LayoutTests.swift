// Layout geometry: hand-worked placed rectangles for Photoroom's and remove.bg's parameters, properties, errors.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import BackdropCore

/// One hand-worked case: parameters by their API names, the input, and the expected canvas and placement.
struct LayoutCase: CustomTestStringConvertible, Sendable {
    var name: String
    var removeBG = false
    var parameters: [String: String]
    var image = PixelSize(width: 1000, height: 800)
    var subject = PixelRect(x: 200, y: 100, width: 400, height: 500)
    var canvas: PixelSize
    var placed: PixelRect
    var scale: Double?
    var cropped: [LayoutSide] = []

    var testDescription: String { name }

    func solve() throws -> LayoutReport {
        let layout: Layout =
            removeBG
            ? .removeBG(try RemoveBGLayout(parameters: parameters))
            : .photoroom(try PhotoroomLayout(parameters: parameters))
        return try layout.solve(imageSize: image, subjectBox: subject)
    }

    static func c(_ w: Int, _ h: Int) -> PixelSize { PixelSize(width: w, height: h) }
    static func r(_ x: Int, _ y: Int, _ w: Int, _ h: Int) -> PixelRect { PixelRect(x: x, y: y, width: w, height: h) }

    // Every expectation below is worked out by hand in its comment from the README's Layout rules. The default
    // input is 1000×800 with the subject box 400×500 at (200, 100), touching no edge.
    static let all: [LayoutCase] = [
        // Defaults: canvas = input; fit s = min(1000/400, 800/500) = 1.6 → 640×800, x = (1000 − 640)/2 = 180.
        .init(name: "defaults", parameters: [:], canvas: c(1000, 800), placed: r(180, 0, 640, 800), scale: 1.6),
        .init(
            name: "originalImage", parameters: ["outputSize": "originalImage"], canvas: c(1000, 800),
            placed: r(180, 0, 640, 800), scale: 1.6),
        // s = min(5, 4) = 4 → 1600×2000 at x = 200.
        .init(
            name: "square 2000", parameters: ["outputSize": "2000x2000"], canvas: c(2000, 2000),
            placed: r(200, 0, 1600, 2000), scale: 4),
        // Marketplace: padding 10 % → target 1600² at 200; s = min(4, 3.2) = 3.2 → 1280×1600, x = 200 + 160.
        .init(
            name: "square 10% padding", parameters: ["outputSize": "2000x2000", "padding": "0.1"],
            canvas: c(2000, 2000), placed: r(360, 200, 1280, 1600), scale: 3.2),
        .init(
            name: "square 10% padding as percent", parameters: ["outputSize": "2000x2000", "padding": "10%"],
            canvas: c(2000, 2000), placed: r(360, 200, 1280, 1600), scale: 3.2),
        // 100 px: target 1800²; s = min(4.5, 3.6) = 3.6 → 1440×1800, x = 100 + 180.
        .init(
            name: "padding px", parameters: ["outputSize": "2000x2000", "padding": "100px"], canvas: c(2000, 2000),
            placed: r(280, 100, 1440, 1800), scale: 3.6),
        // Top 20 %: target 1600×1400 at (200, 400); s = min(4, 2.8) = 2.8 → 1120×1400, x = 200 + 240.
        .init(
            name: "paddingTop overrides",
            parameters: ["outputSize": "2000x2000", "padding": "0.1", "paddingTop": "0.2"],
            canvas: c(2000, 2000), placed: r(440, 400, 1120, 1400), scale: 2.8),
        // Left 300 px only: target 1700×2000 at x 300; s = min(4.25, 4) = 4 → x = 300 + 50.
        .init(
            name: "paddingLeft px", parameters: ["outputSize": "2000x2000", "paddingLeft": "300px"],
            canvas: c(2000, 2000), placed: r(350, 0, 1600, 2000), scale: 4),
        // Margin alone works like padding on uncropped sides.
        .init(
            name: "margin 10%", parameters: ["outputSize": "2000x2000", "margin": "0.1"], canvas: c(2000, 2000),
            placed: r(360, 200, 1280, 1600), scale: 3.2),
        // Margin 200 each side leaves 1600²; padding 10 % of that = 160 → target 1280² at 360;
        // s = min(3.2, 2.56) = 2.56 → 1024×1280, x = 360 + 128.
        .init(
            name: "margin and padding", parameters: ["outputSize": "2000x2000", "margin": "0.1", "padding": "0.1"],
            canvas: c(2000, 2000), placed: r(488, 360, 1024, 1280), scale: 2.56),
        // 1000² with margin 50 px → 900²; padding 10 % = 90 → target 720² at 140; s = 1.44 → 576×720, x = 140 + 72.
        .init(
            name: "margin px and padding percent",
            parameters: ["outputSize": "1000x1000", "margin": "50px", "padding": "10%"], canvas: c(1000, 1000),
            placed: r(212, 140, 576, 720), scale: 1.44),
        .init(
            name: "marginRight overrides", parameters: ["outputSize": "2000x2000", "marginRight": "400px"],
            canvas: c(2000, 2000), placed: r(0, 0, 1600, 2000), scale: 4),
        // Fill: s = max(5, 4) = 5 → 2000×2500, centred: y = −250.
        .init(
            name: "fill", parameters: ["outputSize": "2000x2000", "scaling": "fill"], canvas: c(2000, 2000),
            placed: r(0, -250, 2000, 2500), scale: 5),
        // Fill with padding: target 1600² at 200; s = max(4, 3.2) = 4 → 1600×2000 at y = 200 − 200.
        .init(
            name: "fill with padding", parameters: ["outputSize": "2000x2000", "scaling": "fill", "padding": "0.1"],
            canvas: c(2000, 2000), placed: r(200, 0, 1600, 2000), scale: 4),
        .init(
            name: "fill top", parameters: ["outputSize": "1000x1000", "scaling": "fill", "verticalAlignment": "top"],
            canvas: c(1000, 1000), placed: r(0, 0, 1000, 1250), scale: 2.5),
        .init(
            name: "fill bottom",
            parameters: ["outputSize": "1000x1000", "scaling": "fill", "verticalAlignment": "bottom"],
            canvas: c(1000, 1000), placed: r(0, -250, 1000, 1250), scale: 2.5),
        .init(
            name: "fit", parameters: ["outputSize": "2000x2000", "scaling": "fit"], canvas: c(2000, 2000),
            placed: r(200, 0, 1600, 2000), scale: 4),
        .init(
            name: "left", parameters: ["outputSize": "2000x2000", "horizontalAlignment": "left"],
            canvas: c(2000, 2000), placed: r(0, 0, 1600, 2000), scale: 4),
        .init(
            name: "right", parameters: ["outputSize": "2000x2000", "horizontalAlignment": "right"],
            canvas: c(2000, 2000), placed: r(400, 0, 1600, 2000), scale: 4),
        .init(
            name: "center explicit", parameters: ["outputSize": "2000x2000", "horizontalAlignment": "center"],
            canvas: c(2000, 2000), placed: r(200, 0, 1600, 2000), scale: 4),
        // 2000×4000: s = min(5, 8) = 5 → 2000×2500; top y = 0, bottom y = 1500, centre 750.
        .init(
            name: "top", parameters: ["outputSize": "2000x4000", "verticalAlignment": "top"], canvas: c(2000, 4000),
            placed: r(0, 0, 2000, 2500), scale: 5),
        .init(
            name: "bottom", parameters: ["outputSize": "2000x4000", "verticalAlignment": "bottom"],
            canvas: c(2000, 4000), placed: r(0, 1500, 2000, 2500), scale: 5),
        .init(
            name: "vertical centre", parameters: ["outputSize": "2000x4000"], canvas: c(2000, 4000),
            placed: r(0, 750, 2000, 2500), scale: 5),
        // Left with padding: target 1600² at 200; s = 3.2 → 1280×1600 flush at the target's left.
        .init(
            name: "left top with padding",
            parameters: [
                "outputSize": "2000x2000", "padding": "0.1", "horizontalAlignment": "left", "verticalAlignment": "top",
            ], canvas: c(2000, 2000), placed: r(200, 200, 1280, 1600), scale: 3.2),
        // Reference box = the whole 1000×800 input: s = min(2, 2.5) = 2 → 2000×1600 at y = 200.
        .init(
            name: "referenceBox originalImage",
            parameters: ["outputSize": "2000x2000", "referenceBox": "originalImage"],
            canvas: c(2000, 2000), placed: r(0, 200, 2000, 1600), scale: 2),
        // Target 1600²; s = min(1.6, 2) = 1.6 → 1600×1280, y = 200 + 160.
        .init(
            name: "referenceBox originalImage with padding",
            parameters: ["outputSize": "2000x2000", "referenceBox": "originalImage", "padding": "0.1"],
            canvas: c(2000, 2000), placed: r(200, 360, 1600, 1280), scale: 1.6),
        // Cropped subject: the subject box at scale 1.
        .init(
            name: "croppedSubject", parameters: ["outputSize": "croppedSubject"], canvas: c(400, 500),
            placed: r(0, 0, 400, 500), scale: 1),
        // Padding 10 %: canvas 400/0.8 × 500/0.8 = 500×625; y = 62.5 rounds (half away from zero) to 63.
        .init(
            name: "croppedSubject with padding", parameters: ["outputSize": "croppedSubject", "padding": "0.1"],
            canvas: c(500, 625), placed: r(50, 63, 400, 500), scale: 1),
        .init(
            name: "croppedSubject with margin px", parameters: ["outputSize": "croppedSubject", "margin": "20px"],
            canvas: c(440, 540), placed: r(20, 20, 400, 500), scale: 1),
        // Inner = 400 + 20 = 420, canvas 420/0.8 = 525; height (500 + 20)/0.8 = 650; x = 52.5 + 10 → 63, y = 65 + 10.
        .init(
            name: "croppedSubject margin and padding",
            parameters: ["outputSize": "croppedSubject", "margin": "0.1", "padding": "10px"], canvas: c(525, 650),
            placed: r(63, 75, 400, 500), scale: 1),
        // Max width 200 halves the 400×500 canvas: s = 0.5.
        .init(
            name: "croppedSubject maxWidth", parameters: ["outputSize": "croppedSubject", "maxWidth": "200"],
            canvas: c(200, 250), placed: r(0, 0, 200, 250), scale: 0.5),
        // 1000×800 halved to 500×400; s = min(1.25, 0.8) = 0.8 → 320×400 at x = 90.
        .init(
            name: "maxWidth", parameters: ["maxWidth": "500"], canvas: c(500, 400), placed: r(90, 0, 320, 400),
            scale: 0.8),
        .init(
            name: "maxWidth and maxHeight", parameters: ["maxWidth": "800", "maxHeight": "400"], canvas: c(500, 400),
            placed: r(90, 0, 320, 400), scale: 0.8),
        .init(
            name: "maxWidth above canvas", parameters: ["maxWidth": "2000"], canvas: c(1000, 800),
            placed: r(180, 0, 640, 800), scale: 1.6),
        // Rounding: 1001²: s = min(2.5025, 2.002) = 2.002 → 800.8 wide at 100.1: edges round(100.1) = 100 and
        // round(900.9) = 901.
        .init(
            name: "rounding", parameters: ["outputSize": "1001x1001"], canvas: c(1001, 1001),
            placed: r(100, 0, 801, 1001)),
        // Subject cut by the photo's bottom edge (y 300 + 500 = 800): no bottom padding, snapped to the bottom.
        // 2000×3000, padding 10 %: target 1600 × (3000 − 300) at (200, 300); s = min(4, 5.4) = 4 → 1600×2000 at
        // y = 300 + 2700 − 2000 = 1000, so its bottom is the canvas's.
        .init(
            name: "snap bottom", parameters: ["outputSize": "2000x3000", "padding": "0.1"],
            subject: r(200, 300, 400, 500), canvas: c(2000, 3000), placed: r(200, 1000, 1600, 2000), scale: 4,
            cropped: [.bottom]),
        // Without snapping: target 1600×2400 at (200, 300), centred: y = 300 + 200.
        .init(
            name: "snap off",
            parameters: ["outputSize": "2000x3000", "padding": "0.1", "ignorePaddingAndSnapOnCroppedSides": "false"],
            subject: r(200, 300, 400, 500), canvas: c(2000, 3000), placed: r(200, 500, 1600, 2000), scale: 4),
        // An explicit vertical alignment turns snapping off vertically.
        .init(
            name: "snap off by vertical alignment",
            parameters: ["outputSize": "2000x3000", "padding": "0.1", "verticalAlignment": "center"],
            subject: r(200, 300, 400, 500), canvas: c(2000, 3000), placed: r(200, 500, 1600, 2000), scale: 4),
        // Left and bottom cropped: target (2000 − 200) × 2700 at (0, 300); s = min(4.5, 5.4) = 4.5 → 1800×2250,
        // flush left, y = 300 + 450.
        .init(
            name: "snap left and bottom", parameters: ["outputSize": "2000x3000", "padding": "0.1"],
            subject: r(0, 300, 400, 500), canvas: c(2000, 3000), placed: r(0, 750, 1800, 2250), scale: 4.5,
            cropped: [.bottom, .left]),
        // Top and bottom cropped: no vertical padding, centred (no single side to snap to): s = min(4, 2.5).
        .init(
            name: "cropped top and bottom", parameters: ["outputSize": "2000x2000", "padding": "0.1"],
            subject: r(200, 0, 400, 800), canvas: c(2000, 2000), placed: r(500, 0, 1000, 2000), scale: 2.5,
            cropped: [.top, .bottom]),
        // Margin is never ignored: margins 100/150 leave 1800×2700 at (100, 150); padding 180 left/right, 270
        // top, 0 bottom → target 1440×2430 at (280, 420); s = min(3.6, 4.86) = 3.6 → 1440×1800 at y = 420 + 630.
        .init(
            name: "snap bottom keeps margin",
            parameters: ["outputSize": "2000x3000", "padding": "0.1", "margin": "0.05"],
            subject: r(200, 300, 400, 500), canvas: c(2000, 3000), placed: r(280, 1050, 1440, 1800), scale: 3.6,
            cropped: [.bottom]),
        // The original-image reference box has no cropped sides: target 1600×2400; s = min(1.6, 3) = 1.6.
        .init(
            name: "referenceBox originalImage does not snap",
            parameters: ["outputSize": "2000x3000", "padding": "0.1", "referenceBox": "originalImage"],
            subject: r(200, 300, 400, 500), canvas: c(2000, 3000), placed: r(200, 860, 1600, 1280), scale: 1.6),
        // croppedSubject with a cropped bottom: no bottom padding; canvas 500 × (500/0.9 = 555.6 → 556).
        .init(
            name: "croppedSubject snapped bottom", parameters: ["outputSize": "croppedSubject", "padding": "0.1"],
            subject: r(200, 300, 400, 500), canvas: c(500, 556), placed: r(50, 56, 400, 500), scale: 1,
            cropped: [.bottom]),

        // MARK: remove.bg
        .init(
            name: "removebg identity", removeBG: true, parameters: [:], canvas: c(1000, 800),
            placed: r(0, 0, 1000, 800), scale: 1),
        .init(
            name: "removebg crop", removeBG: true, parameters: ["crop": "true"], canvas: c(400, 500),
            placed: r(0, 0, 400, 500), scale: 1),
        .init(
            name: "removebg crop_margin px", removeBG: true, parameters: ["crop": "true", "crop_margin": "30px"],
            canvas: c(460, 560), placed: r(30, 30, 400, 500), scale: 1),
        // 10 % of the subject: 40 left/right, 50 top/bottom.
        .init(
            name: "removebg crop_margin percent", removeBG: true, parameters: ["crop": "true", "crop_margin": "10%"],
            canvas: c(480, 600), placed: r(40, 50, 400, 500), scale: 1),
        .init(
            name: "removebg crop_margin two values", removeBG: true,
            parameters: ["crop": "true", "crop_margin": "10px 20px"], canvas: c(440, 520), placed: r(20, 10, 400, 500),
            scale: 1),
        .init(
            name: "removebg crop_margin four values", removeBG: true,
            parameters: ["crop": "true", "crop_margin": "1px 2px 3px 4px"], canvas: c(406, 504),
            placed: r(4, 1, 400, 500), scale: 1),
        // 80 % is capped at 50 % of the subject: 200 left/right, 250 top/bottom.
        .init(
            name: "removebg crop_margin capped at half", removeBG: true,
            parameters: ["crop": "true", "crop_margin": "80%"], canvas: c(800, 1000), placed: r(200, 250, 400, 500),
            scale: 1),
        // 600 px on a 1200×1400 subject is capped at 500 px.
        .init(
            name: "removebg crop_margin capped at 500px", removeBG: true,
            parameters: ["crop": "true", "crop_margin": "600px"], image: c(2000, 2000),
            subject: r(400, 300, 1200, 1400), canvas: c(2200, 2400), placed: r(500, 500, 1200, 1400), scale: 1),
        // Crop margins are not applied without crop.
        .init(
            name: "removebg crop_margin without crop", removeBG: true, parameters: ["crop_margin": "30px"],
            canvas: c(1000, 800), placed: r(0, 0, 1000, 800), scale: 1),
        // scale 50 %: k = min(0.5·1000/400, 0.5·800/500) = 0.8 → 320×400, centred by default.
        .init(
            name: "removebg scale", removeBG: true, parameters: ["scale": "50%"], canvas: c(1000, 800),
            placed: r(340, 200, 320, 400), scale: 0.8),
        // Position original keeps the subject's centre (400, 350).
        .init(
            name: "removebg scale position original", removeBG: true,
            parameters: ["scale": "50%", "position": "original"], canvas: c(1000, 800), placed: r(240, 150, 320, 400),
            scale: 0.8),
        .init(
            name: "removebg position center", removeBG: true, parameters: ["position": "center"], canvas: c(1000, 800),
            placed: r(300, 150, 400, 500), scale: 1),
        .init(
            name: "removebg position 0%", removeBG: true, parameters: ["position": "0%"], canvas: c(1000, 800),
            placed: r(0, 0, 400, 500), scale: 1),
        .init(
            name: "removebg position 100%", removeBG: true, parameters: ["position": "100%"], canvas: c(1000, 800),
            placed: r(600, 300, 400, 500), scale: 1),
        .init(
            name: "removebg position two values", removeBG: true, parameters: ["position": "25% 100%"],
            canvas: c(1000, 800), placed: r(150, 300, 400, 500), scale: 1),
        // Crop 50 px → 500×600; scale 50 %: k = min(0.625, 0.6) = 0.6 → 240×300 centred.
        .init(
            name: "removebg crop margin scale", removeBG: true,
            parameters: ["crop": "true", "crop_margin": "50px", "scale": "50%"], canvas: c(500, 600),
            placed: r(130, 150, 240, 300), scale: 0.6),
        .init(
            name: "removebg scale 100%", removeBG: true, parameters: ["scale": "100%", "position": "0% 0%"],
            canvas: c(1000, 800), placed: r(0, 0, 640, 800), scale: 1.6),
    ]
}

@Suite struct LayoutTests {
    @Test(arguments: LayoutCase.all)
    func placesExactly(_ c: LayoutCase) throws {
        let report = try c.solve()
        #expect(report.canvas == c.canvas)
        #expect(report.placed == c.placed)
        if let scale = c.scale { #expect(abs(report.scale - scale) < 1e-9) }
        #expect(report.croppedSides == c.cropped)
    }

    @Test func enoughCases() { #expect(LayoutCase.all.count >= 40) }

    // MARK: - Drawing rectangles

    @Test func fillDrawsTheVisiblePartOnly() throws {
        // Placed (0, −250, 2000, 2500) from the 400×500 box at (200, 100): 5 output pixels per input pixel, so
        // canvas rows 0..<2000 read input rows 100 + 250/5 = 150 ..< 150 + 400.
        let report = try LayoutCase.all.first { $0.name == "fill" }!.solve()
        let drawing = try #require(report.drawing)
        #expect(drawing.destination == PixelRect(x: 0, y: 0, width: 2000, height: 2000))
        #expect(drawing.source == SourceRect(x: 200, y: 150, width: 400, height: 400))
    }

    @Test func fitDrawsTheReferenceBox() throws {
        let report = try LayoutCase.all[0].solve()
        let drawing = try #require(report.drawing)
        #expect(drawing.destination == report.placed)
        #expect(drawing.source == SourceRect(report.referenceBox))
    }

    @Test func roiLimitsSearchAndDrawing() throws {
        let layout = Layout.removeBG(try RemoveBGLayout(parameters: ["roi": "0px 0px 50% 50%"]))
        let size = PixelSize(width: 1000, height: 800)
        #expect(try layout.searchRegion(in: size) == PixelRect(x: 0, y: 0, width: 500, height: 400))
        let report = try layout.solve(imageSize: size, subjectBox: nil)
        let drawing = try #require(report.drawing)
        #expect(drawing.destination == PixelRect(x: 0, y: 0, width: 500, height: 400))
        #expect(drawing.source == SourceRect(x: 0, y: 0, width: 500, height: 400))
    }

    // MARK: - Properties

    @Test func fitStaysInsideTheCanvasAndKeepsTheAspectRatio() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
        let lengths = ["0", "0.1", "25%", "49%", "0.49", "3px", "40px"]
        for _ in 0..<2000 {
            let image = PixelSize(width: 1 + next(3000), height: 1 + next(3000))
            let sx = next(image.width), sy = next(image.height)
            let subject = PixelRect(
                x: sx, y: sy, width: 1 + next(image.width - sx), height: 1 + next(image.height - sy))
            var parameters = [
                "outputSize": ["auto", "croppedSubject", "\(1 + next(4000))x\(1 + next(4000))"][next(3)],
                "padding": lengths[next(lengths.count)], "margin": lengths[next(lengths.count)],
                "horizontalAlignment": ["left", "center", "right"][next(3)],
                "referenceBox": ["subjectBox", "originalImage"][next(2)],
            ]
            if next(2) == 0 { parameters["paddingBottom"] = lengths[next(lengths.count)] }
            if next(2) == 0 { parameters["horizontalAlignment"] = nil }
            let layout = try PhotoroomLayout(parameters: parameters)
            let report: LayoutReport
            do {
                report = try layout.solve(imageSize: image, subjectBox: subject)
            } catch let error as ParameterError {
                // Pixel padding larger than a small canvas leaves no room: a parameter error, not a crash.
                guard case .invalidValue(let name, _, _) = error else { throw error }
                #expect(name == "padding and margin")
                continue
            }
            let canvas = PixelRect(x: 0, y: 0, width: report.canvas.width, height: report.canvas.height)
            #expect(canvas.contains(report.placed), "\(parameters) \(image) \(subject) → \(report.placed)")
            let ref = report.referenceBox
            // Each side is the reference side times the scale, to within the half-pixel rounding of both edges.
            #expect(abs(Double(report.placed.width) - Double(ref.width) * report.scale) <= 1)
            #expect(abs(Double(report.placed.height) - Double(ref.height) * report.scale) <= 1)
        }
    }

    // MARK: - Errors

    @Test(arguments: [
        ("padding", "0.6"), ("padding", "0.5"), ("margin", "0.5"), ("margin", "50%"), ("padding", "12pt"),
        ("paddingTop", "-5px"), ("marginLeft", "abcpx"), ("padding", "px"), ("outputSize", "0x10"),
        ("outputSize", "10x"), ("outputSize", "big"), ("scaling", "stretch"), ("horizontalAlignment", "middle"),
        ("verticalAlignment", "left"), ("referenceBox", "photo"), ("ignorePaddingAndSnapOnCroppedSides", "yes"),
        ("maxWidth", "0"), ("maxHeight", "-3"), ("paddding", "0.1"),
    ])
    func photoroomValueErrorsNameTheParameter(_ name: String, _ value: String) {
        #expect {
            _ = try PhotoroomLayout(parameters: [name: value])
        } throws: { error in
            guard case .invalidValue(let n, _, _) = error as? ParameterError else { return false }
            return n == name || (name == "paddding" && n == "layout parameter")
        }
    }

    @Test func maxWidthNeedsADerivedSize() {
        #expect(throws: ParameterError.self) {
            _ = try PhotoroomLayout(parameters: ["outputSize": "100x100", "maxWidth": "50"])
        }
    }

    @Test func marginAndPaddingLeavingNoRoom() throws {
        let layout = try PhotoroomLayout(parameters: ["outputSize": "1000x1000", "margin": "300px", "padding": "250px"])
        #expect {
            _ = try layout.solve(
                imageSize: PixelSize(width: 100, height: 100), subjectBox: PixelRect(x: 10, y: 10, width: 5, height: 5))
        } throws: { error in
            guard case .invalidValue(let name, _, _) = error as? ParameterError else { return false }
            return name == "padding and margin"
        }
    }

    @Test func emptySubjectIsATypedError() throws {
        #expect(throws: ParameterError.emptySubject(threshold: 16)) {
            _ = try PhotoroomLayout().solve(imageSize: PixelSize(width: 10, height: 10), subjectBox: nil)
        }
        #expect(throws: ParameterError.emptySubject(threshold: 16)) {
            _ = try RemoveBGLayout(parameters: ["crop": "true"]).solve(
                imageSize: PixelSize(width: 10, height: 10), subjectBox: nil)
        }
        // The original image as reference box needs no subject.
        var layout = PhotoroomLayout()
        layout.referenceBox = .originalImage
        let report = try layout.solve(imageSize: PixelSize(width: 10, height: 10), subjectBox: nil)
        #expect(report.placed == PixelRect(x: 0, y: 0, width: 10, height: 10))
    }

    @Test(arguments: [
        ("crop", "yes"), ("crop_margin", "1px 2px 3px"), ("crop_margin", "12pt"), ("scale", "5%"), ("scale", "101%"),
        ("scale", "0.5"), ("position", "150%"), ("position", "left"), ("position", "1% 2% 3%"), ("roi", "0 0 10"),
        ("roi", "0 0 10 x"), ("bg_size", "full"),
    ])
    func removeBGValueErrorsNameTheParameter(_ name: String, _ value: String) {
        #expect {
            _ = try RemoveBGLayout(parameters: [name: value])
        } throws: { error in
            guard case .invalidValue(let n, _, _) = error as? ParameterError else { return false }
            return n == name || (name == "bg_size" && n == "layout parameter")
        }
    }

    @Test func emptyRoiIsAnError() throws {
        let layout = try RemoveBGLayout(parameters: ["roi": "50% 0% 40% 100%"])
        #expect(throws: ParameterError.self) { _ = try layout.region(in: PixelSize(width: 100, height: 100)) }
    }
}
