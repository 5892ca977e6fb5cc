import AnjuKernels
import Mustache

/// Builds the values templates see. Everything a template prints with `{{…}}` is escaped by
/// Mustache; only Markdown output (already safe) is printed raw as `{{{html}}}`.
/// Unchecked: `shared` holds only strings, numbers and booleans, never changed after `init`.
struct PageContext: @unchecked Sendable {
    let plan: SitePlan

    /// What every page with the same current menu item sees alike — the site's values, the
    /// menu, asset URLs and the theme's site fragments (`TemplateSet.siteFragments`, rendered
    /// here from the rest) — keyed by that item: made once per render, not once per page.
    let shared: [String: [String: Any]]
    /// The buildings of each residents' group, from the grid directory, for windows' areas.
    let buildings: GroupBuildings

    /// `stylesheet` and `searchScript` are the fingerprinted assets (`assets/anju.3f9c2a1b.css`),
    /// `searchLinks` the index's files the search page names (`searchIndex` the meta file,
    /// `searchWords` the words file, `searchShards` the shards' names, `searchTailFilter` the tail's filter).
    init(plan: SitePlan, stylesheet: String, searchScript: String, searchLinks: SearchPageLinks,
         readAloudScript: String = "assets/read-aloud.js", pageScript: String = "assets/page.js",
         renderFragments: ([String: Any]) -> [String: String] = { _ in [:] }) {
        self.plan = plan
        let config = plan.config
        let base = config.basePath
        var site: [String: Any] = [
            "id": config.id, "name": config.name, "base": base, "color": config.color,
            "lang": config.language, "locale": config.language.replacingOccurrences(of: "-", with: "_"), "feed": base + "feed.xml", "searchURL": base + "search/",
        ]
        if let d = config.description { site["description"] = d }
        if let a = config.address { site["address"] = a }
        if let h = config.hotline {
            site["hotline"] = h
            site["hotlineTel"] = PhoneNumber(h).map { String($0.telURL.dropFirst(4)) } ?? h.filter { $0.isNumber || $0 == "+" }
        }
        if let o = config.organizer { site["organizer"] = o }
        if let image = plan.shareImagePath {
            site["shareImage"] = config.absoluteURL(Self.encodedPath(image))
            site["shareImageDrawn"] = config.shareImage == nil
        }
        if let icp = config.icp { site["icp"] = icp }
        var items: [(title: String, url: String, key: String)] = [
            ("首页", base, "home"), ("通知公告", base + "notices/", "notices"),
            ("政策问答", base + "qa/", "qa"), ("办事指南", base + "guides/", "guides"),
        ]
        if plan.grid != nil { items.append(("找网格员", base + "grid/", "grid")) }
        if !plan.jobs.isEmpty { items.append(("招工岗位", base + "jobs/", "jobs")) }
        items.append(("帮扶项目", base + "projects/", "projects"))
        for page in plan.menuPages { items.append((page.info.title, base + page.info.urlPath, page.info.urlPath)) }
        items.append(("搜索", base + "search/", "search"))
        let buildings = GroupBuildings(plan.grid)
        let banners = Self.banners(plan, buildings: buildings)
        let urgent = plan.notices.filter { $0.isUrgent(at: plan.now) }
        let urgentCount = urgent.count
        // The line for the rest hides when the last of them ends, if each has an end.
        let restEnds = urgent.map(\.bannerEndsAt)
        let moreUrgentEnd: String? = urgentCount > Self.maximumBanners && !restEnds.contains { $0 == nil }
            ? restEnds.compactMap { $0 }.max()?.rfc3339 : nil
        var shared: [String: [String: Any]] = [:]
        for current in items.map(\.key) + [""] {
            var values: [String: Any] = [
                "site": site,
                "menu": items.map { ["title": $0.title, "url": $0.url, "current": $0.key == current] as [String: Any] },
                "stylesheet": base + stylesheet, "searchScript": base + searchScript,
                "searchIndex": base + searchLinks.meta, "searchWords": base + searchLinks.words,
                "searchShards": searchLinks.shards, "searchTailFilter": searchLinks.tailFilter, "isHome": current == "home",
                "banners": banners, "hasBanners": !banners.isEmpty, "readAloudScript": base + readAloudScript,
                "pageScript": base + pageScript,
            ]
            // Only when there are more: a Mustache section shows for any number, 0 included.
            if urgentCount > banners.count { values["moreUrgent"] = urgentCount - banners.count }
            if let ends = moreUrgentEnd { values["moreUrgentEndsISO"] = ends }
            for (name, html) in renderFragments(values) { values[name] = html }
            shared[current] = values
        }
        self.shared = shared
        self.buildings = buildings
    }

    var base: String { plan.config.basePath }

    static let maximumBanners = 3

    /// Windows of one notice a banner carries: a daily cut of a month is one banner, not thirty.
    static let maximumBannerWindows = 8

    /// Urgent notices in force, soonest window first, for the banner on every page. Each
    /// carries the moment it ends, so a page opened after that (a static page outlives its
    /// build) hides it on the visitor's clock.
    static func banners(_ plan: SitePlan, buildings: GroupBuildings) -> [[String: Any]] {
        let now = plan.now
        let urgent = plan.notices.filter { $0.isUrgent(at: now) }
        func firstWindow(_ n: Notice) -> ScheduleWindow? { n.schedule.first { !$0.hasEnded(at: now) } }
        let sorted = urgent.sorted {
            ((firstWindow($0)?.start ?? $0.date), $0.info.slug) < ((firstWindow($1)?.start ?? $1.date), $1.info.slug)
        }
        // Three at most: a banner is a warning, not a second notice list.
        return sorted.prefix(maximumBanners).map { n in
            var values: [String: Any] = ["title": n.info.title, "url": plan.config.basePath + n.info.urlPath]
            // A cut in parts (day by day, area by area): the banner names the next one and
            // says there are more, or a resident of another area reads it as not theirs. Each
            // window not over is there, the first not over on the visitor's clock shown.
            let open = n.schedule.filter { !$0.hasEnded(at: now) }.sorted { $0.start < $1.start }.map(buildings.shown)
            if !open.isEmpty {
                values["when"] = MustacheUTF8Text(markup: open.prefix(maximumBannerWindows).enumerated().map { i, w in
                    "<span class=\"window\" data-until=\"\(w.endsAt.rfc3339)\">"
                        + VisitorClock.phases(from: w.start, until: w.endsAt, before: "", during: "正在进行 · ", after: "", now: now)
                        + ScheduleWording.window(w, now: now)
                        + (open.count - 1 - i > 0 ? " · 另有\(open.count - 1 - i)个时段" : "") + "</span>"
                }.joined())
            }
            if let ends = n.bannerEndsAt { values["endsISO"] = ends.rfc3339 }
            return values
        }
    }

    /// 停水停电与施工: windows running now or starting within a week, soonest first.
    func outages() -> [[String: Any]] {
        let now = plan.now
        var rows: [(ScheduleWindow, Notice)] = []
        for n in plan.notices where n.isPublished(at: now) && !n.isExpired(at: now) {
            for w in n.schedule where !w.hasEnded(at: now) && w.start.epochSeconds - now.epochSeconds <= 7 * 86_400 {
                rows.append((w, n))
            }
        }
        rows.sort { ($0.0.start, $0.1.info.slug) < ($1.0.start, $1.1.info.slug) }
        return rows.map { window, n in
            let w = buildings.shown(window)
            return ["title": n.info.title, "url": url(n.info.urlPath),
                    "when": Self.linked(w.area.map { " · " + $0 } ?? "", after: ScheduleWording.span(w.start, w.end, now: now)),
                    "runningBadge": MustacheUTF8Text(markup: VisitorClock.phases(from: w.start, until: w.endsAt, before: "",
                        during: "正在进行", after: "", now: now, attributes: "class=\"badge urgent\"")),
                    "startISO": w.start.rfc3339, "endsISO": w.endsAt.rfc3339] as [String: Any]
        }
    }

    /// 近期活动: events not yet over, by start.
    func events() -> [[String: Any]] {
        let now = plan.now
        let upcoming = plan.notices.filter { $0.isPublished(at: now) && $0.event.map { !$0.hasEnded(at: now) } ?? false }
            .sorted { ($0.event!.start, $0.info.slug) < ($1.event!.start, $1.info.slug) }
        return upcoming.map { n in
            let e = n.event!
            var values: [String: Any] = ["title": n.info.title, "url": url(n.info.urlPath),
                                         "when": MustacheUTF8Text(markup: ScheduleWording.span(e.start, e.end, now: now)),
                                         "startISO": e.start.rfc3339]
            if let place = e.place { values["place"] = Self.linked(place) }
            return values
        }
    }

    func url(_ path: String) -> String { base + path }
    /// A file's URL from its name under static/, which may hold spaces and Chinese
    /// (`files/方言 通知.wav`): percent-encoded, as a link to it in a body is.
    func fileURL(_ path: String) -> String { url(Self.encodedPath(path)) }
    static func encodedPath(_ path: String) -> String { path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path }

    /// The frame every page shares: site, menu, page title and description.
    func frame(title: String?, description: String?, path: String, current: String,
               photoOf info: DocumentInfo? = nil) -> [String: Any] {
        let config = plan.config
        let fullTitle = title.map { "\($0) - \(config.name)" } ?? config.name
        var values = shared[current] ?? shared[""]!
        values["title"] = title ?? config.name
        values["fullTitle"] = fullTitle
        // A list shared in WeChat read '通知公告' alone: whose? A page of its own keeps its title.
        values["shareTitle"] = info == nil ? fullTitle : (title ?? config.name)
        values["description"] = description ?? config.description ?? config.name
        values["canonical"] = config.absoluteURL(path)
        if let info, let image = shareImage(info) { values["pageImage"] = image }
        return values
    }

    /// A notice's own page without its banner: the page says it all, and on a phone the
    /// banner pushed the notice's time and place off the first screen.
    func withoutBanner(of n: Notice, _ frame: [String: Any]) -> [String: Any] {
        var frame = frame
        let own = url(n.info.urlPath)
        let banners = (frame["banners"] as? [[String: Any]] ?? []).filter { $0["url"] as? String != own }
        frame["banners"] = banners
        frame["hasBanners"] = !banners.isEmpty || frame["moreUrgent"] != nil
        return frame
    }

    func summary(_ info: DocumentInfo) -> String { info.excerpt }

    /// A document's body, its photos as `<picture>`; the first loads at once when the page
    /// has no photo of its own above it.
    func bodyHTML(_ info: DocumentInfo) -> MustacheUTF8Text {
        guard hasPhotos(info) else { return MustacheUTF8Text(info.body.htmlUTF8) }
        return MustacheUTF8Text(PictureMarkup.rewrite(info.body.htmlUTF8, photos: plan.photos, base: base,
                                                      firstMayBeEager: info.image == nil, linkOriginals: info.showsOriginals))
    }

    /// One Q&A answer's HTML, its photos as `<picture>` (lazy: answers stand below others).
    func answerHTML(_ q: Question, of info: DocumentInfo) -> MustacheUTF8Text {
        guard hasPhotos(info) else { return MustacheUTF8Text(Array(q.answerUTF8)) }
        return MustacheUTF8Text(PictureMarkup.rewrite(Array(q.answerUTF8), photos: plan.photos, base: base,
                                                      firstMayBeEager: false, linkOriginals: info.showsOriginals))
    }

    private func hasPhotos(_ info: DocumentInfo) -> Bool {
        !plan.photos.isEmpty && info.body.links.contains { $0.isImage }
    }

    /// The page's own photo (`image:`), under its title: the largest thing on a phone's first
    /// screen, so fetched first.
    func photo(_ info: DocumentInfo) -> [String: Any]? {
        guard let image = info.image, let photo = plan.photos[image.file] else { return nil }
        var values: [String: Any] = ["html": MustacheUTF8Text(markup: PictureMarkup.html(
            photo, alt: image.alt ?? "", base: base, eager: true, linkOriginal: info.showsOriginals))]
        if let alt = image.alt { values["alt"] = alt }
        return values
    }

    /// The page's photo as a small picture beside its entry in a list.
    func thumbnail(_ info: DocumentInfo) -> MustacheUTF8Text? {
        guard let image = info.image, let photo = plan.photos[image.file] else { return nil }
        return MustacheUTF8Text(markup: PictureMarkup.html(photo, alt: "", base: base, eager: false,
                                                         sizes: PictureMarkup.thumbnailSizes))
    }

    /// The page photo's 960-pixel JPEG, the one apps show when the page is shared.
    func shareImage(_ info: DocumentInfo) -> [String: Any]? {
        guard let image = info.image, let photo = plan.photos[image.file] else { return nil }
        let v = photo.variant(atLeast: 960)
        return ["url": plan.config.absoluteURL(v.fallback), "width": v.width, "height": v.height,
                "alt": image.alt ?? info.title]
    }

    /// A field's text as HTML, escaped, with every phone number in it a `tel:` link (the
    /// contract: numbers in any field are tappable), after `markup` when given. Printed with `{{{…}}}`.
    static func linked(_ text: String, after markup: String = "") -> MustacheUTF8Text {
        // Most fields hold no number (the filter the body's text nodes pass): escaped at once.
        guard text.withCString({ PhoneNumberCandidate.mayHold($0) }) else { return MustacheUTF8Text(markup: markup + escapeHTML(text)) }
        let scalars = Array(text.unicodeScalars)
        let ranges = PhoneNumber.ranges(in: scalars)
        func piece(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[r])) }
        guard !ranges.isEmpty else { return MustacheUTF8Text(markup: markup + escapeHTML(text)) }
        var html = markup, done = 0
        for range in ranges {
            let number = piece(range)
            html += escapeHTML(piece(done..<range.lowerBound))
            if let phone = PhoneNumber(number) {
                html += "<a href=\"\(escapeHTML(phone.telURL))\">\(escapeHTML(number))</a>"
            } else {
                html += escapeHTML(number)
            }
            done = range.upperBound
        }
        html += escapeHTML(piece(done..<scalars.count))
        return MustacheUTF8Text(markup: html)
    }

    /// A recording's player values: its URL, size and, when its bytes told, its length.
    func audio(_ info: DocumentInfo) -> [String: Any]? {
        guard let a = info.audio else { return nil }
        var values: [String: Any] = ["url": fileURL(a.file), "size": Self.fileSize(a.size)]
        if let seconds = a.seconds { values["duration"] = AudioDuration.label(seconds) }
        return values
    }

    /// A notice's values; `summarized: false` for the lists' older pages, which show title,
    /// badges and date only.
    func notice(_ n: Notice, full: Bool, summarized: Bool = true) -> [String: Any] {
        var c: [String: Any] = [
            "title": n.info.title, "url": url(n.info.urlPath), "date": n.date.display, "dateISO": n.date.rfc3339,
            "level": n.level.rawValue, "levelLabel": n.level.label,
            "isUrgent": n.isUrgent(at: plan.now), "isImportant": n.level == .important, "pinned": n.pinned,
            "expired": n.isExpired(at: plan.now),
        ]
        // An urgent badge goes when the banner does: a water cut that is over is news no more.
        if n.isUrgent(at: plan.now) {
            c["urgentBadge"] = MustacheUTF8Text(markup: n.bannerEndsAt.map {
                VisitorClock.phases(from: n.date, until: $0, before: "紧急", during: "紧急", after: "", now: plan.now,
                                    attributes: "class=\"badge urgent\"")
            } ?? "<span class=\"badge urgent\">紧急</span>")
        }
        if summarized { c["summary"] = summary(n.info); c["summaryHTML"] = Self.linked(summary(n.info)) }
        if !full, let thumb = thumbnail(n.info) { c["thumb"] = thumb }
        if let issuer = n.issuer { c["issuer"] = issuer; c["issuerHTML"] = Self.linked(issuer) }
        if let category = n.category { c["category"] = category }
        if let expires = n.expires { c["expires"] = expires.display }
        // Its page no longer says 紧急 beside windows that all say 已结束 (as of the build: the
        // daily build changes it); a notice not yet published (a preview with drafts) is not over.
        if n.level == .urgent, n.isPublished(at: plan.now), n.isExpired(at: plan.now) || n.bannerEndsAt.map({ $0 <= plan.now }) == true {
            c["level"] = "ended"
            c["levelLabel"] = "紧急（已结束）"
        }
        if let p = n.publicity {
            c["publicity"] = [
                "start": p.start.display, "end": p.end.display,
                "running": p.isRunning(at: plan.now), "ended": p.hasEnded(at: plan.now),
                // Left off paper, where a list's 公示进行中 would outlive the day it was printed.
                "status": MustacheUTF8Text(markup: VisitorClock.phases(from: p.start, until: p.closesAt, before: "未开始",
                    during: "进行中", after: "已结束", now: plan.now, attributes: "class=\"screen-only\"")),
            ] as [String: Any]
        }
        if full {
            // Only the notice's own page shows these: list items skip the work.
            if !n.schedule.isEmpty {
                c["schedule"] = n.schedule.map { window -> [String: Any] in
                    let w = buildings.shown(window)
                    return ["when": Self.linked(w.area.map { " · " + $0 } ?? "",
                                                after: ScheduleWording.span(w.start, w.end, now: plan.now)),
                            // On paper 时间: a sheet on the board outlives 正在进行.
                            "phase": MustacheUTF8Text(markup: "<span class=\"print-only\">时间</span>" + VisitorClock.phases(
                                from: w.start, until: w.endsAt, before: "时间", during: "正在进行", after: "已结束", now: plan.now,
                                attributes: "class=\"screen-only\""))]
                }
            }
            if let url = n.resultURL { c["resultURL"] = url }
            if let category = n.category, let found = plan.noticeCategories.first(where: { $0.name == category }) {
                c["categoryURL"] = url(found.urlPath)
            }
            if let e = n.event {
                var event: [String: Any] = ["when": ScheduleWording.span(e.start, e.end, now: plan.now)]
                if let place = e.place { event["place"] = Self.linked(place) }
                c["event"] = event
            }
            if let a = audio(n.info) { c["audio"] = a }
            c["html"] = bodyHTML(n.info)
            if let photo = photo(n.info) { c["photo"] = photo }
            let address = plan.config.absoluteURL(n.info.urlPath)
            c["qr"] = MustacheUTF8Text(QRCode.svgUTF8(for: address, title: "本页网址的二维码：\(address)") ?? [])
            if let updated = n.info.updated { c["updated"] = updated.display }
            c["attachments"] = n.attachments.map { a -> [String: Any] in
                // Percent-encoded as links in the text are: a space or a Chinese name in an href.
                ["title": a.title, "url": fileURL(a.file),
                 "type": a.typeLabel, "size": Self.fileSize(a.size)]
            }
            c["hasAttachments"] = !n.attachments.isEmpty
            c["tags"] = n.info.tags
            c["readingMinutes"] = ChineseText.readingMinutes(n.info.body.plainText)
        }
        return c
    }

    /// The notice categories as links, for the lists.
    /// The notice categories as links; with their counts on a list's first page only, so that
    /// a new notice leaves the older pages of every list as they were.
    func noticeCategoryLinks(current: String?, counts: Bool) -> [[String: Any]] {
        plan.noticeCategories.map {
            ["name": $0.name, "url": url($0.urlPath), "current": $0.name == current,
             "count": $0.notices.count, "showCount": counts] as [String: Any]
        }
    }

    static let publicityDaysSaid: Int64 = 62

    /// What is left of a running 公示 on `day`: 今天截止 on its last day by the calendar, not by
    /// the working days left (a Saturday before a Monday end has one); its end date when no
    /// working day is left; else the working days.
    static func timeLeft(_ day: ChinaTime, _ p: PublicityPeriod) -> String {
        if day.dayNumber == p.end.dayNumber { return "今天截止" }
        let left = WorkingCalendar.shared.workingDays(from: day, through: p.end)
        return left == 0 ? "\(p.end.dateOnly)截止" : "还剩\(left)个工作日"
    }

    /// A 公示 on the publicity page: its period, how many working days are left while it runs,
    /// and the notice of its result once one is linked.
    func publicityRow(_ n: Notice) -> [String: Any] {
        let p = n.publicity!
        var c = notice(n, full: false)
        if p.isRunning(at: plan.now) {
            // Said for each day to its end, as the visitor's clock reads it: two months at most,
            // and 已结束 after its end only when the list reaches it (past the two months of a
            // longer one, nothing is said).
            let remaining = p.end.dayNumber - plan.now.dayNumber
            let days = (0...min(remaining, Self.publicityDaysSaid)).map {
                ChinaTime(epochSeconds: plan.now.epochSeconds + $0 * 86_400, hasTime: false)
            }
            c["daysLeft"] = MustacheUTF8Text(markup: VisitorClock.byDay(days.map { (day: $0, text: Self.timeLeft($0, p)) },
                later: remaining <= Self.publicityDaysSaid ? "已结束" : "", now: plan.now,
                attributes: "class=\"badge publicity running\""))
        }
        if let url = n.resultURL { c["resultURL"] = url }
        return c
    }

    /// A topic; `full` with its body and every answer's HTML (its own page), else its
    /// questions as links (`listsQuestions` false leaves them out: a long index).
    func topic(_ t: QATopic, full: Bool, listsQuestions: Bool = true) -> [String: Any] {
        var c: [String: Any] = [
            "title": t.info.title, "url": url(t.info.urlPath), "category": t.category,
            "summary": summary(t.info), "questionCount": t.info.body.questions.count, "listsQuestions": listsQuestions,
        ]
        if !full, let thumb = thumbnail(t.info) { c["thumb"] = thumb }
        if full || listsQuestions {
            c["questions"] = t.info.body.questions.map { q -> [String: Any] in
                var question: [String: Any] = ["text": q.text, "anchor": q.anchor, "url": url(t.info.urlPath) + "#" + q.anchor]
                if full { question["html"] = answerHTML(q, of: t.info) }
                return question
            }
        }
        if let s = t.policySource { c["source"] = Self.linked(s) }
        if let a = t.authority { c["authority"] = Self.linked(a) }
        if let u = t.info.updated { c["updated"] = u.display }
        if full {
            if let a = audio(t.info) { c["audio"] = a }
            c["html"] = bodyHTML(t.info)
            if let photo = photo(t.info) { c["photo"] = photo }
        }
        return c
    }

    func project(_ p: Project, full: Bool) -> [String: Any] {
        var c: [String: Any] = ["title": p.info.title, "url": url(p.info.urlPath), "summary": summary(p.info),
                                "summaryHTML": Self.linked(summary(p.info))]
        if !full, let thumb = thumbnail(p.info) { c["thumb"] = thumb }
        if let s = p.status { c["status"] = s.rawValue; c["statusLabel"] = s.label }
        if let i = p.investment { c["investment"] = Self.number(i) }
        if let f = p.funding { c["funding"] = Self.linked(f) }
        // A date still ahead is a plan: 计划开工, not 开工 as if it had happened.
        if let s = p.start { c["start"] = s.display; c["startAhead"] = plan.now < s }
        if let e = p.completion { c["completion"] = e.display; c["completionAhead"] = plan.now < e }
        if let l = p.location { c["location"] = Self.linked(l) }
        if let b = p.beneficiaries { c["beneficiaries"] = Self.linked(b) }
        if let pr = p.progress { c["progress"] = pr; c["hasProgress"] = true }
        if full {
            if let a = audio(p.info) { c["audio"] = a }
            c["html"] = bodyHTML(p.info)
            if let photo = photo(p.info) { c["photo"] = photo }
        }
        return c
    }

    func page(_ p: Page) -> [String: Any] {
        var c: [String: Any] = ["title": p.info.title, "html": bodyHTML(p.info)]
        if let a = audio(p.info) { c["audio"] = a }
        if let photo = photo(p.info) { c["photo"] = photo }
        return c
    }

    /// A person residents call: name and a tap-to-call number.
    static func contact(_ c: Contact?, role: String) -> [String: Any]? {
        guard let c else { return nil }
        var values: [String: Any] = ["role": role, "name": c.name]
        if let phone = c.phone { values["phone"] = phone.display; values["tel"] = phone.telURL }
        return values
    }

    static func phone(_ p: PhoneNumber?) -> [String: Any]? {
        p.map { ["display": $0.display, "tel": $0.telURL] }
    }

    func guide(_ g: Guide, full: Bool) -> [String: Any] {
        var c: [String: Any] = ["title": g.info.title, "url": url(g.info.urlPath), "summary": summary(g.info),
                                "category": g.category, "fee": g.feeLabel, "homeService": g.homeService]
        if let t = g.timeLimit { c["timeLimit"] = t }
        guard full else {
            if let thumb = thumbnail(g.info) { c["thumb"] = thumb }
            return c
        }
        if let a = g.audience { c["audience"] = Self.linked(a) }
        c["materials"] = g.materials.enumerated().map { i, m -> [String: Any] in
            var row: [String: Any] = ["number": i + 1, "name": m.name]
            if let f = m.form { row["form"] = f.rawValue }
            // With its unit: on a phone the table's header is hidden and a bare "1" says nothing.
            if let n = m.copies { row["copies"] = "\(n)份" }
            if let note = m.note { row["note"] = Self.linked(note) }
            return row
        }
        c["hasMaterials"] = !g.materials.isEmpty
        c["steps"] = g.steps.map { Self.linked($0) }
        c["hasSteps"] = !g.steps.isEmpty
        if let w = g.window { c["window"] = Self.linked(w) }
        if let h = g.hours { c["hours"] = Self.linked(h) }
        if let b = g.basis { c["basis"] = Self.linked(b) }
        if let p = Self.phone(g.phone) { c["phone"] = p }
        if let p = Self.phone(g.supervisionPhone) { c["supervisionPhone"] = p }
        if let o = g.online { c["online"] = o }
        if let u = g.info.updated { c["updated"] = u.display }
        if let a = audio(g.info) { c["audio"] = a }
        c["html"] = bodyHTML(g.info)
        if let photo = photo(g.info) { c["photo"] = photo }
        let address = plan.config.absoluteURL(g.info.urlPath)
        c["qr"] = MustacheUTF8Text(QRCode.svgUTF8(for: address, title: "本页网址的二维码：\(address)") ?? [])
        return c
    }

    func job(_ j: Job, full: Bool) -> [String: Any] {
        let open = j.isOpen(at: plan.now)
        var c: [String: Any] = ["title": j.info.title, "url": url(j.info.urlPath), "summary": summary(j.info),
                                "open": open, "deadline": j.deadline.display, "deadlineISO": j.deadline.hasTime ? j.deadline.rfc3339 : j.deadline.dateOnly,
                                "date": j.date.display, "dateISO": j.date.rfc3339]
        if let e = j.employer { c["employer"] = e; c["employerHTML"] = Self.linked(e) }
        if !full, let thumb = thumbnail(j.info) { c["thumb"] = thumb }
        if let n = j.positions { c["positions"] = n }
        if let p = j.pay { c["pay"] = p; c["payHTML"] = Self.linked(p) }
        if let p = j.place { c["place"] = p }
        guard full else { return c }
        if let r = j.requirements { c["requirements"] = Self.linked(r) }
        if let p = j.place { c["placeHTML"] = Self.linked(p) }
        if let contact = Self.contact(j.contact, role: "联系人") { c["contact"] = contact }
        if let a = audio(j.info) { c["audio"] = a }
        c["html"] = bodyHTML(j.info)
        if let photo = photo(j.info) { c["photo"] = photo }
        return c
    }

    func guideCategory(_ category: GuideCategory) -> [String: Any] {
        ["name": category.name, "anchor": category.anchor, "count": category.guides.count,
         "guides": category.guides.map { guide($0, full: false) }]
    }

    /// A building with everyone to call for it, its grid's 网格员 too: a resident who taps
    /// "3幢" lands on the building, with the grid's heading scrolled away above it.
    func building(_ b: Building, in g: Grid) -> [String: Any] {
        var c: [String: Any] = ["id": b.id, "label": b.label, "anchor": b.anchor, "gridName": g.name]
        if let u = b.units { c["units"] = u }
        if let h = b.households { c["households"] = h }
        if !g.groups.isEmpty { c["groups"] = g.groups.joined(separator: "、") }
        // The grid's 网格员 is marked: printed once under the grid's heading, not per building.
        c["people"] = [Self.contact(b.manager, role: "楼栋长"), Self.contact(b.cadre, role: "包户干部"),
                       Self.contact(g.manager, role: "网格员").map { $0.merging(["ofGrid": true]) { a, _ in a } }].compactMap { $0 }
        return c
    }

    func grid(_ g: Grid) -> [String: Any] {
        var c: [String: Any] = ["id": g.id, "name": g.name, "anchor": g.anchor,
                                "buildings": g.buildings.map { building($0, in: g) }, "buildingCount": g.buildings.count]
        if let m = Self.contact(g.manager, role: "网格员") { c["manager"] = m }
        if !g.groups.isEmpty { c["groups"] = g.groups.joined(separator: "、") }
        return c
    }

    /// A Q&A category as a link with its number of questions; with `topics`, its topics too
    /// (the Q&A index), their questions listed when `listsQuestions`.
    func category(_ category: QACategory, topics: Bool = false, listsQuestions: Bool = true) -> [String: Any] {
        var c: [String: Any] = ["name": category.name, "anchor": category.anchor, "url": url("qa/") + "#" + category.anchor,
                                "count": category.topics.reduce(0) { $0 + $1.info.body.questions.count }]
        if topics { c["topics"] = category.topics.map { topic($0, full: false, listsQuestions: listsQuestions) } }
        return c
    }

    /// `1.2 MB`, `36 KB`: what a resident on mobile data wants to know before tapping.
    static func fileSize(_ bytes: Int) -> String {
        if bytes >= 1_048_576 { return String(format1(Double(bytes) / 1_048_576)) + " MB" }
        return "\(max(1, (bytes + 1023) / 1024)) KB"
    }

    /// `3200`, `12.5`: no trailing `.0`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : format1(value)
    }

    private static func format1(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}

extension MustacheUTF8Text {
    /// Markup made here, already escaped where it holds text: printed as it is.
    init(markup: String) { self.init(Array(markup.utf8)) }
}
