public enum ZoomDashVersion {
    public static let current = "0.1.0"
}
