/// A person residents call: a grid manager, a building manager, a job's contact.
public struct Contact: Sendable, Hashable {
    public var name: String
    public var phone: PhoneNumber?
}
