import Foundation

/// One unit of content found in a capture: a post, a feed entry, a video, a page.
public struct ExtractedItem: Sendable, Codable, Hashable {
    /// The platform's own id (Telegram message id, YouTube video id, feed guid); nil for a plain page.
    public var platformID: String?
    public var permalink: String?
    /// Normalised handle of the account that published it (`SourceIdentity` spelling) when known.
    public var authorHandle: String?
    /// Display name or signature, as shown.
    public var authorName: String?
    public var published: Date?
    public var title: String?
    public var text: String
    /// BCP 47 tag; nil until language identification runs (Detection).
    public var language: String?
    public var mediaURLs: [String]
    public var links: [String]
    public var views: Int?
    public var forwardedFrom: ForwardedFrom?
    public var linkPreview: LinkPreview?

    public init(
        platformID: String? = nil, permalink: String? = nil, authorHandle: String? = nil, authorName: String? = nil,
        published: Date? = nil, title: String? = nil, text: String, language: String? = nil,
        mediaURLs: [String] = [], links: [String] = [], views: Int? = nil, forwardedFrom: ForwardedFrom? = nil,
        linkPreview: LinkPreview? = nil
    ) {
        self.platformID = platformID
        self.permalink = permalink
        self.authorHandle = authorHandle
        self.authorName = authorName
        self.published = published
        self.title = title
        self.text = text
        self.language = language
        self.mediaURLs = mediaURLs
        self.links = links
        self.views = views
        self.forwardedFrom = forwardedFrom
        self.linkPreview = linkPreview
    }
}

/// Where a forwarded Telegram message came from. Private senders have a name and no link.
public struct ForwardedFrom: Sendable, Codable, Hashable {
    public var name: String
    public var url: String?
}

/// The preview card Telegram draws under a message that contains a link.
public struct LinkPreview: Sendable, Codable, Hashable {
    public var url: String
    public var siteName: String?
    public var title: String?
    public var description: String?
    public var imageURL: String?
    public var videoURL: String?
}
