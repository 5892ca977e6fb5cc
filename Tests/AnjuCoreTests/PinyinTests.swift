import Testing
@testable import AnjuCore

@Suite struct PinyinTests {
    let table = PinyinTable.shared

    @Test func commonCharactersAreCoveredWithAllTheirReadings() {
        #expect(table.common.count >= 8000, "the 通用规范汉字表 has 8,105 characters")
        for scalar in table.common { #expect(table.readings[scalar]?.isEmpty == false) }
        #expect(table.readings(of: "补") == ["bu"])
        #expect(table.readings(of: "长") == ["zhang", "chang"])
        #expect(Set(table.readings(of: "行")).isSuperset(of: ["xing", "hang"]))
        #expect(table.readings(of: "女").first == "nv")
    }

    @Test func slugsFromChineseTitles() {
        #expect(table.slug("停水通知") == "ting-shui-tong-zhi")
        #expect(table.slug("关于11月30日停水的通知") == "guan-yu-11-yue-30-ri-ting-shui-de-tong-zhi")
        #expect(table.slug("邵女坪AAAA级景区") == "shao-nv-ping-aaaa-ji-jing-qu")
        #expect(table.slug("（公示）后期扶持") == "gong-shi-hou-qi-fu-chi")
        #expect(table.slug(String(repeating: "长", count: 40)).count <= 60)
    }
}
