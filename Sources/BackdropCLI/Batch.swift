// The `batch` subcommand: one recipe over many files, a bounded number in flight, progress, a JSON-lines report.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Backdrop
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Process many photos (with their mattes) or cutouts with one recipe file.",
        discussion: """
            Inputs are files, folders (their image files, not recursive) and glob patterns. A photo \
            NAME.EXT is paired with the matte NAME.mask.EXT2 or NAME.matte.EXT2 next to it (.mask first; png, \
            webp, jpg, jpeg, heic in that order); a remove.bg zip holds its own matte; any other image is a \
            cutout whose alpha is the matte. Outputs are OUTDIR/NAME.EXT for the recipe's format (or --format; \
            without either, .png when the result has transparency and .jpg otherwise), written atomically. \
            Exit code 0 only when every input succeeded, else the code of the worst failure's category.
            """)

    @Option(help: "Recipe JSON file (Photoroom /v2/edit or remove.bg parameter names; see the README's Recipes).")
    var recipe: String
    @Argument(help: "Image files, folders or glob patterns (quote them so the shell leaves them alone).")
    var inputs: [String]
    @Option(name: .shortAndLong, help: "Output folder, created when missing.") var output: String
    @Option(help: "Images in flight at once (default: every core).") var jobs: Int = RowScheduler.availableCores
    @Option(help: "Write one JSON line per input to this file.") var report: String?
    @Flag(help: "Skip inputs whose output already exists (outputs are written atomically, so existing is complete).")
    var resume = false
    @Option(help: "Output format (png, jpeg, webp), overriding the recipe's.") var format: String?
    @Flag(help: "No progress output (the summary line is still printed).") var quiet = false
    @Option(help: "Seconds between progress lines when stderr is not a terminal.") var progressInterval: Double = 5
    @OptionGroup var limitOptions: LimitOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be positive") }
        if let format {
            guard let f = ImageFormat(fileExtension: format), ImageFormat.encodable.contains(f) else {
                throw ValidationError("--format must be png, jpeg or webp")
            }
        }
    }

    func run() throws {
        let recipeFile = try attributing(to: recipe) {
            try RecipeFile(json: try FileAccess.read(recipe, limits: .default))
        }
        var base = Recipe(limits: limitOptions.limits)
        // Images run side by side; each one's rows use the cores left over.
        base.scheduler = RowScheduler(maxConcurrency: max(1, RowScheduler.availableCores / jobs))
        var protected = [String]()
        var backgroundImage: Image?
        if let path = recipeFile.backgroundImagePath {
            // A relative path is relative to the recipe file's folder.
            let resolved =
                path.hasPrefix("/")
                ? path : URL(fileURLWithPath: recipe).deletingLastPathComponent().appendingPathComponent(path).path
            let bytes = try FileAccess.read(resolved, limits: base.limits)
            backgroundImage = try attributing(to: resolved) {
                try ImageDecoder.decode(bytes, options: base.decodingOptions)
            }
            protected.append(resolved)
        }
        let job = try attributing(to: recipe) { try recipeFile.recipe(base: base, backgroundImage: backgroundImage) }
        let fixedFormat = format.flatMap { ImageFormat(fileExtension: $0) } ?? job.outputFormat

        let found = try BatchInputs(arguments: inputs)
        for orphan in found.orphanMasks {
            printWarning("\(orphan): a matte with no photo among the inputs, skipped")
        }
        try createFolder(output)
        let runner = BatchRunner(
            recipe: job, jobs: found.jobs, outputFolder: output, format: fixedFormat, resume: resume,
            protected: protected, concurrency: jobs)
        let reportHandle = try report.map { try openReport($0, appending: resume) }
        defer { try? reportHandle?.close() }
        let progress = quiet ? nil : BatchProgress(total: found.jobs.count, interval: progressInterval)
        let summary = runner.run(report: reportHandle, progress: progress)
        print(summary.line)
        if let code = summary.exitCode { throw BatchExit(code: code) }
    }

    func createFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: path, underlying: IOError(path: path, reason: "cannot create the output folder"))
        }
    }

    func openReport(_ path: String, appending: Bool) throws -> FileHandle {
        let exists = FileManager.default.fileExists(atPath: path)
        if !appending || !exists {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw FileError(path: path, underlying: IOError(path: path, reason: "cannot create the report"))
            }
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            return handle
        } catch {
            throw FileError(path: path, underlying: IOError(path: path, reason: "cannot open the report"))
        }
    }

    func printWarning(_ message: String) {
        FileHandle.standardError.write(Data("backdrop: warning: \(message)\n".utf8))
    }
}

/// Thrown by `batch` after its summary when an input failed: the exit code, with nothing more to print.
struct BatchExit: Error {
    var code: BackdropExitCode
}

// MARK: - Inputs and pairing

/// One image of a batch: the photo or cutout, its matte, and the output's name without extension.
struct BatchJob: Sendable, Hashable {
    var input: String
    var mask: String?
    var name: String
    /// Set when an earlier input already produces this output name.
    var collidesWith: String?
}

/// The jobs named by a batch's arguments, paired by the documented rule.
struct BatchInputs {
    static let imageExtensions = ["png", "webp", "jpg", "jpeg", "heic", "heif", "avif"]
    static let matteMarkers = ["mask", "matte"]

    var jobs: [BatchJob] = []
    var orphanMasks: [String] = []

    /// - Throws: ``FileError`` (exit 3) for an argument that names no file and whose pattern matches nothing.
    init(arguments: [String]) throws {
        var files = [String]()
        for argument in arguments {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) {
                if isFolder.boolValue {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                    for name in names.sorted() where !name.hasPrefix(".") {
                        let path = (argument as NSString).appendingPathComponent(name)
                        let ext = (name as NSString).pathExtension.lowercased()
                        var sub: ObjCBool = false
                        guard FileManager.default.fileExists(atPath: path, isDirectory: &sub), !sub.boolValue,
                            Self.imageExtensions.contains(ext) || ext == "zip"
                        else { continue }
                        files.append(path)
                    }
                } else {
                    files.append(argument)
                }
            } else {
                let matches = Self.glob(argument)
                guard !matches.isEmpty else {
                    throw FileError(
                        path: argument,
                        underlying: IOError(path: argument, reason: "no such file, and no file matches it as a pattern")
                    )
                }
                files += matches
            }
        }
        var seen = Set<String>(), photos = [String](), masks = [String]()
        for file in files where seen.insert(URL(fileURLWithPath: file).standardizedFileURL.path).inserted {
            if Self.photoName(ofMatte: file) != nil { masks.append(file) } else { photos.append(file) }
        }
        var usedMasks = Set<String>(), names = [String: String]()
        for photo in photos {
            let stem = Self.stem(photo)
            let mask = Self.matte(for: photo)
            if let mask { usedMasks.insert(URL(fileURLWithPath: mask).standardizedFileURL.path) }
            let name = (stem as NSString).lastPathComponent
            jobs.append(BatchJob(input: photo, mask: mask, name: name, collidesWith: names[name]))
            if names[name] == nil { names[name] = photo }
        }
        orphanMasks = masks.filter { !usedMasks.contains(URL(fileURLWithPath: $0).standardizedFileURL.path) }
    }

    /// `dir/name.ext` → `dir/name`.
    static func stem(_ path: String) -> String { (path as NSString).deletingPathExtension }

    /// The photo stem a matte file belongs to (`shoe.mask.png` → `shoe`), `nil` when `path` is not a matte's name.
    static func photoName(ofMatte path: String) -> String? {
        let stem = stem(path)
        let marker = (stem as NSString).pathExtension.lowercased()
        return matteMarkers.contains(marker) ? (stem as NSString).deletingPathExtension : nil
    }

    /// The matte next to `photo`: `NAME.mask.EXT` before `NAME.matte.EXT`, extensions in ``imageExtensions`` order.
    static func matte(for photo: String) -> String? {
        if (photo as NSString).pathExtension.lowercased() == "zip" { return nil }
        let stem = stem(photo)
        for marker in matteMarkers {
            for ext in imageExtensions {
                for candidate in ["\(stem).\(marker).\(ext)", "\(stem).\(marker).\(ext.uppercased())"]
                where FileManager.default.fileExists(atPath: candidate) {
                    return candidate
                }
            }
        }
        return nil
    }

    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        #if canImport(Glibc)
            guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        #else
            guard Darwin.glob(pattern, 0, nil, &result) == 0 else { return [] }
        #endif
        var paths = [String]()
        for i in 0..<Int(result.gl_pathc) {
            if let p = result.gl_pathv[i] { paths.append(String(cString: p)) }
        }
        return paths.sorted()
    }
}

// MARK: - Running

/// The outcome of one job, as its report line.
struct BatchRecord: Encodable {
    var input: String
    var mask: String?
    var output: String?
    /// `ok`, `failed` or `skipped` (with --resume, the output existed).
    var status: String
    var error: String?
    var category: String?
    var exitCode: Int32?
    var milliseconds: Double
    var layout: LayoutReportJSON?
}

/// Runs jobs on `concurrency` workers pulling from a shared index: never more than that many images in flight.
final class BatchRunner: @unchecked Sendable {
    let recipe: Recipe
    let jobs: [BatchJob]
    let outputFolder: String
    let format: ImageFormat?
    let resume: Bool
    let protected: [String]
    let concurrency: Int
    let inputPaths: Set<String>

    // Guarded by `lock`.
    private let lock = NSLock()
    private var next = 0
    private(set) var succeeded = 0
    private(set) var failed = 0
    private(set) var skipped = 0
    private var worst: BackdropExitCode?
    private var inFlight = 0
    /// The most images that were in flight at once (at most `concurrency`).
    private(set) var peakInFlight = 0

    init(
        recipe: Recipe, jobs: [BatchJob], outputFolder: String, format: ImageFormat?, resume: Bool,
        protected: [String], concurrency: Int
    ) {
        self.recipe = recipe
        self.jobs = jobs
        self.outputFolder = outputFolder
        self.format = format
        self.resume = resume
        self.protected = protected
        self.concurrency = concurrency
        inputPaths = Set(
            jobs.flatMap { [$0.input] + ($0.mask.map { [$0] } ?? []) }.map {
                URL(fileURLWithPath: $0).standardizedFileURL.path
            })
    }

    /// Most severe first: the exit code of a batch is that of its worst failure.
    static let severity: [BackdropExitCode] = [
        .internalError, .io, .encoding, .parameter, .color, .limits, .unsupported, .decoding,
    ]

    struct Summary {
        var succeeded, failed, skipped: Int
        var seconds: Double
        var exitCode: BackdropExitCode?

        var line: String {
            let total = succeeded + failed + skipped
            let rate = seconds > 0 ? Double(succeeded + failed) / seconds : 0
            var text =
                "batch: \(succeeded) succeeded, \(failed) failed, \(skipped) skipped of \(total) in "
                + String(format: "%.1f s (%.1f images/s)", seconds, rate)
            if let exitCode { text += "; exit code \(exitCode.rawValue)" }
            return text
        }
    }

    func run(report: FileHandle?, progress: BatchProgress?) -> Summary {
        let start = DispatchTime.now()
        let group = DispatchGroup()
        for _ in 0..<min(concurrency, max(1, jobs.count)) {
            DispatchQueue.global().async(group: group) {
                while let index = self.take() {
                    let record = self.process(self.jobs[index])
                    self.finish(record, report: report)
                }
            }
        }
        while group.wait(timeout: .now() + (progress?.tick ?? .seconds(3600))) == .timedOut {
            progress?.show(counts(), since: start)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        progress?.finish()
        return lock.withLock {
            Summary(succeeded: succeeded, failed: failed, skipped: skipped, seconds: seconds, exitCode: worst)
        }
    }

    func counts() -> (done: Int, failed: Int, skipped: Int) {
        lock.withLock { (succeeded + failed + skipped, failed, skipped) }
    }

    private func take() -> Int? {
        lock.withLock {
            guard next < jobs.count else { return nil }
            defer { next += 1 }
            inFlight += 1
            peakInFlight = max(peakInFlight, inFlight)
            return next
        }
    }

    private func finish(_ record: BatchRecord, report: FileHandle?) {
        let line: Data? = report.flatMap { _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try? encoder.encode(record) + Data([0x0A])
        }
        lock.withLock {
            inFlight -= 1
            switch record.status {
            case "ok": succeeded += 1
            case "skipped": skipped += 1
            default:
                failed += 1
                let code = BackdropExitCode(rawValue: record.exitCode ?? 1) ?? .internalError
                let rank = { (c: BackdropExitCode) in Self.severity.firstIndex(of: c) ?? 0 }
                if worst.map({ rank(code) < rank($0) }) ?? true { worst = code }
            }
            if let report, let line { try? report.write(contentsOf: line) }
        }
    }

    func outputPath(_ job: BatchJob, _ format: ImageFormat) -> String {
        (outputFolder as NSString).appendingPathComponent("\(job.name).\(format.fileExtension)")
    }

    func process(_ job: BatchJob) -> BatchRecord {
        let start = DispatchTime.now()
        var record = BatchRecord(input: job.input, mask: job.mask, status: "ok", milliseconds: 0)
        do {
            if let first = job.collidesWith {
                throw FileError(
                    path: job.input,
                    underlying: IOError(path: job.input, reason: "its output name '\(job.name)' is also '\(first)''s"))
            }
            let candidates = format.map { [$0] } ?? [.png, .jpeg]
            if resume,
                let existing = candidates.map({ outputPath(job, $0) }).first(where: {
                    FileManager.default.fileExists(atPath: $0)
                })
            {
                record.status = "skipped"
                record.output = existing
                return record
            }
            let input = try FileAccess.read(job.input, limits: recipe.limits)
            let mask = try job.mask.map { try FileAccess.read($0, limits: recipe.limits) }
            let result = try attributing(to: job.input) { try recipe.process(input, mask: mask, format: format) }
            let path = outputPath(job, result.format)
            if inputPaths.contains(URL(fileURLWithPath: path).standardizedFileURL.path) {
                throw FileError(path: path, underlying: IOError(path: path, reason: "refusing to overwrite an input"))
            }
            try FileAccess.writeAtomically(
                result.bytes, to: path, inputs: [job.input] + (job.mask.map { [$0] } ?? []) + protected)
            record.output = path
            record.layout = result.report.layout.map(LayoutReportJSON.init)
        } catch {
            record.status = "failed"
            let file = error as? FileError
            let underlying = file?.underlying ?? error
            record.error = file?.description ?? FileError.reason(error)
            let category = (underlying as? any BackdropError)?.category
            record.category = category?.rawValue ?? "internal"
            record.exitCode = (file?.exitCode ?? category.map(BackdropExitCode.init) ?? .internalError).rawValue
        }
        record.milliseconds =
            (Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e4).rounded() / 100
        return record
    }
}

// MARK: - Progress

/// Progress on stderr: one updating line on a terminal, plain lines every `interval` seconds otherwise.
final class BatchProgress: @unchecked Sendable {
    let total: Int
    let interval: Double
    let terminal = isatty(STDERR_FILENO) == 1
    private var lastLine = DispatchTime.now()

    init(total: Int, interval: Double) {
        self.total = total
        self.interval = interval
    }

    /// How often ``show(_:since:)`` is called.
    var tick: DispatchTimeInterval { terminal ? .milliseconds(200) : .milliseconds(Int(min(interval, 1) * 1000)) }

    func show(_ counts: (done: Int, failed: Int, skipped: Int), since start: DispatchTime) {
        let now = DispatchTime.now()
        let elapsed = Double(now.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let processed = counts.done - counts.skipped
        let rate = elapsed > 0 ? Double(processed) / elapsed : 0
        let remaining = total - counts.done
        let eta = rate > 0 ? Self.duration(Double(remaining) / rate) : "?"
        let percent = total > 0 ? 100 * Double(counts.done) / Double(total) : 100
        let text =
            "\(counts.done)/\(total) " + String(format: "%.0f%%, %.1f images/s, ETA ", percent, rate) + eta
            + (counts.failed > 0 ? ", \(counts.failed) failed" : "")
        if terminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K[batch] \(text)".utf8))
        } else if Double(now.uptimeNanoseconds - lastLine.uptimeNanoseconds) / 1e9 >= interval {
            lastLine = now
            FileHandle.standardError.write(Data("backdrop: batch: \(text)\n".utf8))
        }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? "\(s / 3600):\(String(format: "%02d:%02d", s / 60 % 60, s % 60))"
            : "\(s / 60):\(String(format: "%02d", s % 60))"
    }
}

// MARK: - Schema

struct RecipeSchema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipe-schema", abstract: "Print the JSON Schema of recipe files (Schemas/recipe.schema.json).")

    func run() throws { print(RecipeFile.jsonSchema, terminator: "") }
}
