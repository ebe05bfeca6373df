/// The release of Lanyard this build is, for `lanyard --version` and the tool versions of reports.
public enum LanyardRelease {
    public static let version = "0.1.0"
}
