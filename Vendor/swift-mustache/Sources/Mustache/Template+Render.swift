//
// This source file is part of the Hummingbird server framework project
// Copyright (c) the Hummingbird authors
//
// See LICENSE.txt for license information
// SPDX-License-Identifier: Apache-2.0
//

import Foundation

extension MustacheTemplate {
    /// Render template using object
    /// - Parameters:
    ///   - stack: Object
    ///   - context: Context that render is occurring in. Contains information about position in sequence
    ///   - indentation: indentation of partial
    /// - Returns: Rendered text
    func render(context: MustacheContext) -> String {
        var bytes: [UInt8] = []
        self.render(context: context, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Anju patch: renders into the caller's buffer. Every section and partial returned its
    /// own String, appended to its parent's, so a page's text was copied once per level. The
    /// buffer is UTF-8 bytes: appending to a String was 2.4 % of a 10,000-page build
    /// (callgrind), and the page is written as bytes anyway.
    func render(context: MustacheContext, into string: inout [UInt8]) {
        var context = context

        if let indentation = context.indentation, indentation != "" {
            // Indentation depends on this template's own output so far: kept separate.
            var own = ""
            for token in tokens {
                let renderedString = self.renderToken(token, context: &context)
                // if rendered string is not empty and we are on a new line
                if renderedString.count > 0, own.last == "\n" {
                    own += indentation
                }
                own += renderedString
            }
            string.append(contentsOf: own.utf8)
        } else {
            // Anju patch: by index, so each token is borrowed from the array rather than
            // copied out of an iterator (a retain and release of every field per token).
            for index in tokens.indices {
                self.renderToken(tokens[index], context: &context, into: &string)
            }
        }
    }

    /// Anju patch: text, sections, partials and blocks straight into the buffer; the rest as
    /// `renderToken(_:context:)` renders them.
    func renderToken(_ token: Token, context: inout MustacheContext, into string: inout [UInt8]) {
        switch token {
        case .text(let text):
            string.append(contentsOf: text.utf8)

        case .variable(let variable, let transforms):
            // Anju patch: a string escaped straight into the buffer.
            let child = getChild(named: variable, transforms: transforms, context: context)
            if let text = child as? String {
                if context.contentType is HTMLContentType {
                    text.appendHTMLEscaped(to: &string)
                } else {
                    string.append(contentsOf: context.contentType.escapeText(text).utf8)
                }
            } else if let child {
                string.append(contentsOf: self.renderVariable(child, context: context).utf8)
            }

        case .unescapedVariable(let variable, let transforms):
            let child = getChild(named: variable, transforms: transforms, context: context)
            if let text = child as? String {
                string.append(contentsOf: text.utf8)
            } else if let text = child as? MustacheUTF8Text {
                // Anju patch: bytes written as they are, never made a String.
                string.append(contentsOf: text.bytes)
            } else if let child {
                string.append(contentsOf: self.renderUnescapedVariable(child, context: context).utf8)
            }

        case .section(let variable, let transforms, let template):
            let child = self.getChild(named: variable, transforms: transforms, context: context)
            if let lambda = child as? MustacheLambda {
                string.append(contentsOf: self.renderUnescapedLambda(lambda, parameter: template.text, context: context).utf8)
            } else {
                self.renderSection(child, with: template, context: context, into: &string)
            }

        case .invertedSection(let variable, let transforms, let template):
            let child = self.getChild(named: variable, transforms: transforms, context: context)
            self.renderInvertedSection(child, with: template, context: context, into: &string)

        case .blockExpansion(let name, let defaultTemplate, let indented):
            let template = context.inherited?[name] ?? defaultTemplate
            template.render(context: context.withBlockExpansion(indented: indented), into: &string)

        case .partial(let name, let indentation, let overrides):
            #if DEBUG
            if context.reloadPartials {
                string.append(contentsOf: self.renderToken(token, context: &context).utf8)
                return
            }
            #endif
            if let template = context.library?.getTemplate(named: name) {
                template.render(context: context.withPartial(indented: indentation, inheriting: overrides), into: &string)
            }

        default:
            string.append(contentsOf: self.renderToken(token, context: &context).utf8)
        }
    }

    func renderToken(_ token: Token, context: inout MustacheContext) -> String {
        switch token {
        case .text(let text):
            return text

        case .variable(let variable, let transforms):
            if let child = getChild(named: variable, transforms: transforms, context: context) {
                return self.renderVariable(child, context: context)
            }

        case .unescapedVariable(let variable, let transforms):
            if let child = getChild(named: variable, transforms: transforms, context: context) {
                return self.renderUnescapedVariable(child, context: context)
            }

        case .section(let variable, let transforms, let template):
            let child = self.getChild(named: variable, transforms: transforms, context: context)
            if let lambda = child as? MustacheLambda {
                return self.renderUnescapedLambda(lambda, parameter: template.text, context: context)
            }
            return self.renderSection(child, with: template, context: context)

        case .invertedSection(let variable, let transforms, let template):
            let child = self.getChild(named: variable, transforms: transforms, context: context)
            return self.renderInvertedSection(child, with: template, context: context)

        case .blockExpansion(let name, let defaultTemplate, let indented):
            if let override = context.inherited?[name] {
                return override.render(context: context.withBlockExpansion(indented: indented))
            } else {
                return defaultTemplate.render(context: context.withBlockExpansion(indented: indented))
            }

        case .partial(let name, let indentation, let overrides):
            if var template = context.library?.getTemplate(named: name) {
                #if DEBUG
                if context.reloadPartials {
                    guard let filename = template.filename else {
                        preconditionFailure("Can only use reload if template was generated from a file")
                    }
                    do {
                        guard let partialTemplate = try MustacheTemplate(filename: filename) else { return "Cannot find template at \(filename)" }
                        template = partialTemplate
                    } catch {
                        return "\(error)"
                    }
                }
                #endif
                return template.render(context: context.withPartial(indented: indentation, inheriting: overrides))
            }

        case .dynamicNamePartial(let name, let indentation, let overrides):
            let child = self.getChild(named: name, transforms: [], context: context)
            guard let childName = child as? String else {
                return ""
            }
            if var template = context.library?.getTemplate(named: childName) {
                #if DEBUG
                if context.reloadPartials {
                    guard let filename = template.filename else {
                        preconditionFailure("Can only use reload if template was generated from a file")
                    }
                    do {
                        guard let partialTemplate = try MustacheTemplate(filename: filename) else { return "Cannot find template at \(filename)" }
                        template = partialTemplate
                    } catch {
                        return "\(error)"
                    }
                }
                #endif
                return template.render(context: context.withPartial(indented: indentation, inheriting: overrides))
            }

        case .contentType(let contentType):
            context = context.withContentType(contentType)

        case .blockDefinition:
            fatalError("Should not be rendering block definitions")
        }
        return ""
    }

    /// Anju patch: a found value of `{{name}}` as text, escaped for the content type; both
    /// render paths call it with the value they looked up.
    func renderVariable(_ child: Any, context: MustacheContext) -> String {
        // Anju patch: strings first, the common case, without three protocol casts.
        if let string = child as? String {
            return context.contentType.escapeText(string)
        }
        if let template = child as? MustacheTemplate {
            return template.render(context: context)
        } else if let renderable = child as? MustacheCustomRenderable {
            return context.contentType.escapeText(renderable.renderText)
        } else if let lambda = child as? MustacheLambda {
            return self.renderLambda(lambda, parameter: "", context: context)
        } else {
            return context.contentType.escapeText(String(describing: unwrapIfAnyContainsOptional(child)))
        }
    }

    /// Anju patch: a found value of `{{{name}}}` or `{{&name}}` as text, unescaped.
    func renderUnescapedVariable(_ child: Any, context: MustacheContext) -> String {
        if let string = child as? String { return string }
        if let renderable = child as? MustacheCustomRenderable {
            return renderable.renderText
        } else if let lambda = child as? MustacheLambda {
            return self.renderUnescapedLambda(lambda, parameter: "", context: context)
        } else {
            return String(describing: unwrapIfAnyContainsOptional(child))
        }
    }

    /// Render a section
    /// - Parameters:
    ///   - child: Object to render section for
    ///   - parent: Current object being rendered
    ///   - template: Template to render with
    /// - Returns: Rendered text
    func renderSection(_ child: Any?, with template: MustacheTemplate, context: MustacheContext) -> String {
        var bytes: [UInt8] = []
        self.renderSection(child, with: template, context: context, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func renderSection(_ child: Any?, with template: MustacheTemplate, context: MustacheContext, into string: inout [UInt8]) {
        // Anju patch: the types Anju's pages use, by concrete casts, before the protocol
        // casts of the general case (same results: none of them is a lambda or renderable).
        if let bool = child as? Bool {
            if bool { template.render(context: context, into: &string) }
            return
        }
        if let array = child as? [[String: Any]] { return array.renderSection(with: template, context: context, into: &string) }
        if let dictionary = child as? [String: Any] { return template.render(context: context.withObject(dictionary), into: &string) }
        if let text = child as? String { return template.render(context: context.withObject(text), into: &string) }
        if let text = child as? MustacheUTF8Text { return template.render(context: context.withObject(text.description), into: &string) }
        switch child {
        case let array as any MustacheSequence:
            array.renderSection(with: template, context: context, into: &string)
        case let bool as Bool:
            if bool { template.render(context: context, into: &string) }
        case let null as MustacheCustomRenderable where null.isNull == true:
            break
        case .some(let value):
            template.render(context: context.withObject(value), into: &string)
        case .none:
            break
        }
    }

    /// Render an inverted section
    /// - Parameters:
    ///   - child: Object to render section for
    ///   - parent: Current object being rendered
    ///   - template: Template to render with
    /// - Returns: Rendered text
    func renderInvertedSection(_ child: Any?, with template: MustacheTemplate, context: MustacheContext) -> String {
        var bytes: [UInt8] = []
        self.renderInvertedSection(child, with: template, context: context, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func renderInvertedSection(_ child: Any?, with template: MustacheTemplate, context: MustacheContext, into string: inout [UInt8]) {
        if let bool = child as? Bool {
            if !bool { template.render(context: context, into: &string) }
            return
        }
        if let array = child as? [[String: Any]] {
            if array.isEmpty { template.render(context: context.withObject(array), into: &string) }
            return
        }
        if child is [String: Any] || child is String || child is MustacheUTF8Text { return }
        switch child {
        case let array as any MustacheSequence:
            string.append(contentsOf: array.renderInvertedSection(with: template, context: context).utf8)
        case let bool as Bool:
            if !bool { template.render(context: context, into: &string) }
        case let null as MustacheCustomRenderable where null.isNull == true:
            template.render(context: context, into: &string)
        case .some:
            break
        case .none:
            template.render(context: context, into: &string)
        }
    }

    func renderLambda(_ lambda: MustacheLambda, parameter: String, context: MustacheContext) -> String {
        var lambda = lambda
        while true {
            guard let result = lambda(parameter) else { return "" }
            if let string = result as? String {
                do {
                    let newTemplate = try MustacheTemplate(string: context.contentType.escapeText(string))
                    return self.renderSection(context.stack.last, with: newTemplate, context: context)
                } catch {
                    return ""
                }
            } else if let lambda2 = result as? MustacheLambda {
                lambda = lambda2
                continue
            } else {
                return context.contentType.escapeText(String(describing: unwrapIfAnyContainsOptional(result)))
            }
        }
    }

    func renderUnescapedLambda(_ lambda: MustacheLambda, parameter: String, context: MustacheContext) -> String {
        var lambda = lambda
        while true {
            guard let result = lambda(parameter) else { return "" }
            if let string = result as? String {
                do {
                    let newTemplate = try MustacheTemplate(string: string)
                    return self.renderSection(context.stack.last, with: newTemplate, context: context)
                } catch {
                    return ""
                }
            } else if let lambda2 = result as? MustacheLambda {
                lambda = lambda2
                continue
            } else {
                return String(describing: unwrapIfAnyContainsOptional(result))
            }
        }
    }

    /// Get child object from variable name
    func getChild(named name: String, transforms: [String], context: MustacheContext) -> Any? {
        func _getImmediateChild(named name: String, from object: Any) -> Any? {
            // Anju patch: a dictionary is neither a custom representation nor reflected.
            if let dictionary = object as? [String: Any] { return dictionary[name] }
            let child = {
                let object: Any? =
                    if let custom = object as? MustacheCustomRepresentation {
                        custom.representation
                    } else {
                        object
                    }
                if let customBox = object as? MustacheParent {
                    return customBox.child(named: name)
                } else if let object {
                    let mirror = Mirror(reflecting: object)
                    return mirror.getValue(forKey: name)
                } else {
                    return nil
                }
            }()
            return child
        }

        func _getChild(named names: ArraySlice<String>, from object: Any) -> Any? {
            guard let name = names.first else { return object }
            var object = object
            if let lambda = object as? MustacheLambda {
                guard let result = lambda("") else { return nil }
                object = result
            }
            guard let childObject = _getImmediateChild(named: name, from: object) else { return nil }
            let names2 = names.dropFirst()
            return _getChild(named: names2, from: childObject)
        }

        // work out which object to access. "." means the current object, if the variable name is ""
        // and we have a transform to run on the variable then we need the context object, otherwise
        // the name is split by "." and we use mirror to get the correct child object. If we cannot find
        // the root object we look up the context stack until we can find one with a matching name. The
        // stack climbing can be disabled by prefixing the variable name with a "."
        // Anju patch: the name's length, first byte and first dot, read once from its bytes:
        // `name.first` (a Character), `utf8.contains` and a String comparison at every lookup
        // were a third of the lookup's cost.
        let (length, firstByte, firstDot) = Self.dotInfo(name)
        var child: Any?
        if length == 1 && firstByte == 0x2E {
            child = context.stack.last!
        } else if length == 0, !transforms.isEmpty {
            child = context.sequenceContext
        } else if firstByte == 0x2E {
            let nameSplit = name.split(separator: ".").map { String($0) }
            child = _getChild(named: nameSplit[...], from: context.stack.last!)
        } else if firstDot < 0 {
            // Anju patch: most names have no dot; splitting each one at every lookup (by
            // Character) was a large part of rendering.
            child = nil
            for index in context.stack.indices.reversed() {
                // Anju patch: dictionaries were cast when pushed (MustacheContext.dictionaries).
                if let dictionary = context.dictionaries[index] {
                    if let found = dictionary[name] {
                        child = found
                        break
                    }
                } else if !Self.isPlainValue(context.stack[index]),
                          let found = _getImmediateChild(named: name, from: context.stack[index]) {
                    // Anju patch: a string or a list of fields has no named children; Mirror said so slowly.
                    child = found
                    break
                }
            }
        } else {
            // Anju patch: `site.name` cut at its dots by UTF-8 byte, not by Character, and its
            // first part looked up through the dictionaries cast when pushed. A name of two
            // parts (nearly all) needs no array of parts. Empty parts are dropped, as `split` does.
            let utf8 = name.utf8
            let rest = utf8.dropFirst(firstDot + 1)
            // Two non-empty parts: the second is looked up as `_getChild` would, without an array.
            let second = rest.isEmpty || rest.contains(0x2E) ? nil : String(decoding: rest, as: UTF8.self)
            let nameSplit = second == nil ? utf8.split(separator: 0x2E).map { String(decoding: $0, as: UTF8.self) } : []
            child = nil
            if let first = second == nil ? nameSplit.first : String(decoding: utf8.prefix(firstDot), as: UTF8.self) {
                for index in context.stack.indices.reversed() {
                    let object = context.stack[index]
                    let found = context.dictionaries[index].map { $0[first] }
                        ?? (Self.isPlainValue(object) ? nil : _getImmediateChild(named: first, from: object))
                    if var found {
                        if let second {
                            if let lambda = found as? MustacheLambda {
                                guard let result = lambda("") else { break }
                                found = result
                            }
                            child = _getImmediateChild(named: second, from: found)
                        } else {
                            child = _getChild(named: nameSplit.dropFirst(), from: found)
                        }
                        break
                    }
                }
            } else {
                child = context.stack.last
            }
        }

        // Anju patch: the plain values of Anju's pages are told apart by their type's
        // identity (a pointer comparison) before the protocol cast, a conformance lookup at
        // every name. None of them is a custom representation.
        if let found = child, !Self.isPlainValue(found), let custom = found as? MustacheCustomRepresentation {
            child = custom.representation
        }

        // skip transforms if child is already nil
        guard var child else {
            return nil
        }

        // if we want to run a transform and the current child can have transforms applied to it then
        // run transform on the current child
        for transform in transforms.reversed() {
            if let runnable = child as? MustacheTransformable,
                let transformed = runnable.transform(transform)
            {
                child = transformed
                continue
            }

            // return nil if transform is unsuccessful or has returned nil
            return nil
        }
        return child
    }

    private func unwrapIfAnyContainsOptional(_ value: Any) -> Any {
        guard let opt = value as? AnyOptional else { return value }
        return opt.anyWrapped ?? value  // nil? keep the original Optional.none
    }

    /// Anju patch: a name's length in bytes, its first byte (0 when empty) and where its first
    /// `.` is (−1 when none), in one pass over its bytes.
    @inline(__always)
    static func dotInfo(_ name: String) -> (Int, UInt8, Int) {
        let info = name.utf8.withContiguousStorageIfAvailable { bytes -> (Int, UInt8, Int) in
            var dot = -1
            for i in bytes.indices where bytes[i] == 0x2E { dot = i; break }
            return (bytes.count, bytes.first ?? 0, dot)
        }
        if let info { return info }
        let bytes = Array(name.utf8)
        return (bytes.count, bytes.first ?? 0, bytes.firstIndex(of: 0x2E) ?? -1)
    }

    /// Anju patch: whether a value is a `String`, `Bool`, `[String: Any]` or `[[String: Any]]`.
    @inline(__always)
    static func isPlainValue(_ value: Any) -> Bool {
        let type = ObjectIdentifier(Swift.type(of: value))
        return type == ObjectIdentifier(String.self) || type == ObjectIdentifier(Bool.self)
            || type == ObjectIdentifier([String: Any].self) || type == ObjectIdentifier([[String: Any]].self)
    }
}
