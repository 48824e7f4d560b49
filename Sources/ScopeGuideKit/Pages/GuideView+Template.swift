// The fields `guide.mustache` and `selector.mustache` read.

extension GuideView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .connectorName?: .text(connectorName)
        case .connectorKey?: .text(connectorKey)
        case .guideKey?: .text(guideKey)
        case .title?: .text(title)
        case .summary?: .text(summary)
        case .hasSummary?: .bool(hasSummary)
        case .authMethod?: .text(authMethod)
        case .callouts?: .list(callouts)
        case .sections?: .list(sections)
        case .actions?: .list(actions)
        case .selectedCount?: .int(selectedCount)
        case .actionCount?: .int(actionCount)
        case .separators?: .list(separators)
        case .strategies?: .list(strategies)
        case .hasAlternatives?: .bool(hasAlternatives)
        case .proven?: .bool(proven)
        case .scopeReasons?: .list(scopeReasons)
        case .guideURL?: .text(guideURL)
        case .scopesText?: .text(scopesText)
        case .minimal?: .bool(minimal)
        case .unknownIDs?: .text(unknownIDs)
        case .hasUnknownIDs?: .bool(hasUnknownIDs)
        case .catalogJSON?: .text(catalogJSON)
        default: nil
        }
    }
}

extension GuideView.SectionView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .index?: .int(index)
        case .title?: .text(title)
        case .condition?: .text(condition)
        case .introHTML?: .text(introHTML)
        case .hasSteps?: .bool(hasSteps)
        case .hasIntro?: .bool(hasIntro)
        case .steps?: .list(steps)
        case .whenAdminConsent?: .bool(whenAdminConsent)
        default: nil
        }
    }
}

extension GuideView.StepView: TemplateObject {
    func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
        switch key.field {
        case .title?: out.append(title, escaped: escaped)
        case .condition?: out.append(condition, separator: ",", escaped: escaped)
        case .displayList?: out.append(displayList, separator: ",", escaped: escaped)
        case .badgeScopes?: out.append(badgeScopes, separator: ",", escaped: escaped)
        case .badgeLabels?: out.append(badgeLabels, separator: ", ", escaped: escaped)
        case .bodyHTML?: out.append(bodyHTML, escaped: escaped)
        default: return writeValue(key, escaped: escaped, into: &out)
        }
        return true
    }

    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .number?: .int(number)
        case .title?: .text(title)
        case .condition?: .text(condition.joined(separator: ","))
        case .displayList?: .text(displayList.joined(separator: ","))
        case .hasDisplayList?: .bool(hasDisplayList)
        case .badgeScopes?: .text(badgeScopes.joined(separator: ","))
        case .hasBadge?: .bool(hasBadge)
        case .badgeLabels?: .text(badgeLabels.joined(separator: ", "))
        case .badgeHidden?: .bool(badgeHidden)
        case .bodyHTML?: .text(bodyHTML)
        case .scopes?: .list(scopes)
        case .scopesHidden?: .bool(scopesHidden)
        case .whenAdminConsent?: .bool(whenAdminConsent)
        default: nil
        }
    }
}

extension GuideView.ActionView: TemplateObject {
    func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
        switch key.field {
        case .id?: out.append(id, escaped: escaped)
        case .label?: out.append(label, escaped: escaped)
        case .scopes?: out.append(scopes, separator: " ", escaped: escaped)
        default: return writeValue(key, escaped: escaped, into: &out)
        }
        return true
    }

    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .id?: .text(id)
        case .label?: .text(label)
        case .scopes?: .text(scopes.joined(separator: " "))
        case .checked?: .bool(checked)
        case .alternatives?: .list(alternatives)
        case .hasAlternatives?: .bool(hasAlternatives)
        case .consentMarker?: .bool(consentMarker)
        case .adminConsent?: .bool(adminConsent)
        default: nil
        }
    }
}

extension GuideView.AlternativeView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? {
        key.field == .scopes ? .text(scopes.joined(separator: " + ")) : nil
    }
}

extension GuideView.ReasonView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .name?: .text(name)
        case .labels?: .text(labels.joined(separator: ", "))
        case .adminConsent?: .bool(adminConsent)
        default: nil
        }
    }
}

extension GuideView.ScopeView: TemplateObject {
    func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
        guard key.field == .name else { return false }
        out.append(name, escaped: escaped)
        return true
    }

    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .name?: .text(name)
        case .adminConsent?: .bool(adminConsent)
        default: nil
        }
    }
}

extension GuideView.SeparatorView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .value?: .text(value)
        case .label?: .text(label)
        case .selected?: .bool(selected)
        default: nil
        }
    }
}

extension GuideView.CalloutView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .kind?: .text(kind)
        case .title?: .text(title)
        case .html?: .text(html)
        default: nil
        }
    }
}
