/// What each field of the contract is called in Chinese: the word `anju new`'s comments use,
/// for messages a clerk reads (缺少必填字段“date”（发布时间）), and the other ways editors
/// name a field in Chinese, for when they type the Chinese name instead (标题: …).
enum FieldGloss {
    /// Each field's Chinese name. A name used in several files for different things (`manager`:
    /// a grid's 网格员, a building's 楼栋长; `start`) has none: the message says which.
    static let chinese: [String: String] = [
        "title": "标题", "date": "发布时间", "expires": "过期时间", "level": "级别", "pinned": "置顶",
        "issuer": "发布单位", "category": "类别", "publicity": "公示期", "attachments": "附件", "schedule": "分时段安排",
        "event": "活动", "result": "公示结果", "summary": "摘要", "tags": "标签", "draft": "草稿", "slug": "网址名",
        "updated": "更新日期", "description": "说明", "audio": "录音", "image": "照片", "original": "原图",
        "source": "政策依据", "authority": "解答单位", "order": "排序", "status": "状态", "investment": "总投资",
        "funding": "资金来源", "completion": "建成日期", "location": "地点", "beneficiaries": "受益群众",
        "progress": "进度", "menu": "菜单", "audience": "适用对象", "materials": "材料", "steps": "办理步骤",
        "window": "办理窗口", "hours": "办理时间", "time_limit": "承诺时限", "fee": "收费", "basis": "办理依据",
        "phone": "电话", "supervision_phone": "监督电话", "home_service": "上门服务", "online": "网上办理",
        "deadline": "报名截止日期", "employer": "用工单位", "positions": "招聘人数", "pay": "待遇",
        "requirements": "招聘条件", "place": "地点", "contact": "联系人", "households": "户数", "units": "单元数",
        "cadre": "包户干部", "groups": "居民小组", "grids": "网格", "buildings": "楼栋", "id": "编号",
        "form": "原件或复印件", "copies": "份数", "note": "说明", "file": "文件", "alt": "图片说明",
        "base_url": "网址", "address": "地址", "hotline": "服务热线", "language": "语言", "color": "主色",
        "organizer": "主办单位", "share_image": "分享图片", "area": "涉及范围", "end": "结束",
    ]

    /// How editors may name a field in Chinese besides its own Chinese name.
    static let otherChineseNames: [String: String] = [
        "日期": "date", "发布日期": "date", "有效期": "expires", "分类": "category", "联系电话": "phone",
        "咨询电话": "phone", "工作地点": "place", "单元": "units", "楼栋长": "manager", "网格员": "manager",
        "名称": "name", "姓名": "name", "投资": "investment", "截止日期": "deadline", "报名截止": "deadline",
        "工资": "pay", "窗口": "window", "办理地点": "window", "时限": "time_limit", "步骤": "steps",
        "图片": "image", "人数": "positions", "地点": "place", "地址": "location",
    ]

    /// A field named in Chinese, and its name in the contract.
    static let englishForChinese: [String: String] = {
        var names = otherChineseNames
        // In order: two fields glossed alike (说明) give the same answer on every run.
        for (english, chinese) in Self.chinese.sorted(by: { $0.key < $1.key }) where names[chinese] == nil { names[chinese] = english }
        return names
    }()

    /// “date”（发布时间）; a field inside another, named "publicity start", is
    /// “publicity”（公示期）里的“start”.
    static func quoted(_ name: String) -> String {
        name.split(separator: " ").map { part in
            let field = String(part)
            return chinese[field].map { "“\(field)”（\($0)）" } ?? "“\(field)”"
        }.joined(separator: "里的")
    }

    /// title（标题）、date（发布时间）…: the fields that may be written, each with its Chinese name.
    static func list(_ fields: Set<String>) -> String {
        fields.sorted().map { field in chinese[field].map { "\(field)（\($0)）" } ?? field }.joined(separator: "、")
    }
}
