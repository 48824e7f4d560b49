import Mustache

// Field lookup for the guide template. Without these, swift-mustache finds each field by
// reflecting the whole value (Mirror) on every `{{name}}`, which dominated build time.

extension GuideView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "connectorName": connectorName
        case "connectorKey": connectorKey
        case "guideKey": guideKey
        case "title": title
        case "summary": summary
        case "hasSummary": hasSummary
        case "authMethod": authMethod
        case "callouts": callouts
        case "sections": sections
        case "actions": actions
        case "selectedCount": selectedCount
        case "actionCount": actionCount
        case "separators": separators
        case "guideURL": guideURL
        case "scopesText": scopesText
        case "minimal": minimal
        case "unknownIDs": unknownIDs
        case "hasUnknownIDs": hasUnknownIDs
        case "catalogJSON": catalogJSON
        default: nil
        }
    }
}

extension GuideView.SectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "index": index
        case "title": title
        case "condition": condition
        case "introHTML": introHTML
        case "hasSteps": hasSteps
        case "hasIntro": hasIntro
        case "steps": steps
        default: nil
        }
    }
}

extension GuideView.StepView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "title": title
        case "condition": condition
        case "displayList": displayList
        case "hasDisplayList": hasDisplayList
        case "badgeScopes": badgeScopes
        case "hasBadge": hasBadge
        case "badgeLabels": badgeLabels
        case "badgeHidden": badgeHidden
        case "bodyHTML": bodyHTML
        case "scopes": scopes
        case "scopesHidden": scopesHidden
        default: nil
        }
    }
}

extension GuideView.ActionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "label": label
        case "scopes": scopes
        case "checked": checked
        default: nil
        }
    }
}

extension GuideView.ScopeView: MustacheParent {
    func child(named name: String) -> Any? { name == "name" ? self.name : nil }
}

extension GuideView.SeparatorView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}

extension GuideView.CalloutView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": kind
        case "title": title
        case "html": html
        default: nil
        }
    }
}
