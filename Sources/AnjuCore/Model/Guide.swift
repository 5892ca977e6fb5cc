/// One service matter (办事事项) as government portals present it: who may apply, what to
/// bring, the steps, where and when, the promised time limit and the fee.
public struct Guide: Sendable {
    public var info: DocumentInfo
    public var category: String
    /// 适用对象与条件.
    public var audience: String?
    public var materials: [GuideMaterial]
    public var steps: [String]
    /// 办理地点/窗口.
    public var window: String?
    public var hours: String?
    /// 承诺时限, as written: `15个工作日`.
    public var timeLimit: String?
    /// 收费; nil means free (免费).
    public var fee: String?
    /// 办理依据.
    public var basis: String?
    public var phone: PhoneNumber?
    public var supervisionPhone: PhoneNumber?
    /// 可预约上门办理: staff come to residents who cannot come to the window.
    public var homeService: Bool
    /// Where it can be done online (an http(s) URL).
    public var online: String?
    public var order: Int

    public var feeLabel: String { fee ?? "免费" }
}

/// One line of a guide's materials checklist.
public struct GuideMaterial: Sendable, Hashable {
    public enum Form: String, Sendable, CaseIterable {
        case original = "原件", copy = "复印件", both = "原件和复印件"

        /// The contract's three spellings, and the ways editors also write the last one.
        public init?(text: String) {
            switch text.trimmingSpaces {
            case "原件": self = .original
            case "复印件": self = .copy
            case "原件和复印件", "原件及复印件", "原件、复印件", "原件与复印件", "原件+复印件": self = .both
            default: return nil
            }
        }
    }

    public var name: String
    public var form: Form? = nil
    public var copies: Int? = nil
    public var note: String? = nil
}
