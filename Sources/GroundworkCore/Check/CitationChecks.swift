/// Citation, quotation, claim and freshness checks (issue 4).
public enum CitationChecks {
    public static let all: [Check] = []
}
