/// A Zoho Analytics v2 failure: HTTP status plus the `{"status":"failure",…}` body.
struct ZohoError: Error, Sendable {
    let status: Int
    let code: Int
    let summary: String
    let message: String

    var body: JSONValue {
        .object([
            ("status", .string("failure")),
            ("summary", .string(summary)),
            ("data", .object([("errorCode", .integer(code)), ("errorMessage", .string(message))])),
        ])
    }

    // Codes, summaries and messages from zoho-analytics-api-common.json where it has them;
    // the rest are this fake's wording for the codes integrations.md §1.5 lists.
    static let invalidToken = ZohoError(status: 401, code: 8535, summary: "INVALID_OAUTHTOKEN", message: "Invalid Oauthtoken")
    static let orgMissing = ZohoError(
        status: 400, code: 8083, summary: "INVALID_ORGID",
        message: "The ZANALYTICS-ORGID header is missing or does not name an organization of this user.")
    static let workspaceNotFound = ZohoError(
        status: 400, code: 7103, summary: "META_OBJECT_NOT_PRESENT", message: "Workspace not found! Please check whether the workspace exists.")
    static let viewNotFound = ZohoError(
        status: 400, code: 7138, summary: "VIEW_NOT_PRESENT", message: "View not found! Please check whether the view exists.")
    static let notMultipart = ZohoError(
        status: 400, code: 7248, summary: "NOT_MULTIPART_REQUEST",
        message: "The request is not a multipart/form-data request. Send the data as a FILE or DATA part.")
    static let noColumnMatch = ZohoError(
        status: 400, code: 7235, summary: "NO_COLUMN_MATCH",
        message: "None of the columns in the imported data match the columns of the table.")
    static let frequencyExceeded = ZohoError(
        status: 429, code: 6045, summary: "API_FREQUENCY_EXCEEDED",
        message: "You have exceeded the maximum number of API requests allowed per minute. Please try again after some time.")
    static let dailyUnitsExceeded = ZohoError(
        status: 400, code: 6044, summary: "API_UNITS_EXCEEDED",
        message: "You have exceeded the daily limit of API units for your plan. Please try again tomorrow.")
    static let internalError = ZohoError(
        status: 500, code: 7005, summary: "COMMON_INTERNAL_SERVER_ERROR",
        message: "Sorry, an unexpected error occurred when performing this operation. Please contact support for additional information.")
    static let unknownURL = ZohoError(
        status: 404, code: 8516, summary: "INVALID_URL", message: "The requested URL is not a Zoho Analytics API this fake serves.")

    static func missingParameter(_ name: String) -> ZohoError {
        ZohoError(
            status: 400, code: 8504, summary: "LESS_THAN_MIN_OCCURANCE",
            message: "The parameter \(name) is not proper(Has not been sent or is less than required count)")
    }

    static func invalidParameter(_ name: String, _ detail: String) -> ZohoError {
        ZohoError(
            status: 400, code: 8516, summary: "INVALID_PARAMETER_VALUE",
            message: "Invalid value passed for the parameter \(name): \(detail)")
    }

    static func tableExists(_ name: String) -> ZohoError {
        ZohoError(
            status: 400, code: 7111, summary: "ALREADY_EXIST",
            message: "A view with the name '\(name)' already exists in the workspace. Please specify a different name.")
    }

    static func fileTypeMismatch(_ detail: String) -> ZohoError {
        ZohoError(
            status: 400, code: 7249, summary: "INVALID_FILE_CONTENT",
            message: "The data does not match the given fileType: \(detail)")
    }

    static func invalidColumnValue(line: Int, column: String, type: ZohoDataType, value: String) -> ZohoError {
        ZohoError(
            status: 400, code: 7507, summary: "IMPORT_DATA_TYPE_MISMATCH",
            message: "Import aborted: line \(line), column '\(column)': the value '\(value)' is not a valid \(type.displayName).")
    }
}
