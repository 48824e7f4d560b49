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
        default: nil
        }
    }
}

extension GuideView.StepView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .number?: .int(number)
        case .title?: .text(title)
        case .condition?: .text(condition)
        case .displayList?: .text(displayList)
        case .hasDisplayList?: .bool(hasDisplayList)
        case .badgeScopes?: .text(badgeScopes)
        case .hasBadge?: .bool(hasBadge)
        case .badgeLabels?: .text(badgeLabels)
        case .badgeHidden?: .bool(badgeHidden)
        case .bodyHTML?: .text(bodyHTML)
        case .scopes?: .list(scopes)
        case .scopesHidden?: .bool(scopesHidden)
        default: nil
        }
    }
}

extension GuideView.ActionView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .id?: .text(id)
        case .label?: .text(label)
        case .scopes?: .text(scopes)
        case .checked?: .bool(checked)
        default: nil
        }
    }
}

extension GuideView.ScopeView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? { key.field == .name ? .text(name) : nil }
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
