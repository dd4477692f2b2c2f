/// Name material for teachers, students and parents. Plain ASCII so emails stay simple.
enum NamePools {
    static let firstNames = [
        "Ann", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Hugo", "Ida", "Jonas",
        "Kira", "Leo", "Mia", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Sam", "Tara",
        "Uma", "Victor", "Wendy", "Xavier", "Yara", "Zoe", "Amir", "Bianca", "Chen", "Dana",
        "Elif", "Farah", "Gabriel", "Hana", "Ivan", "Julia", "Karim", "Lina", "Marco", "Nina",
        "Omar", "Priya", "Rafael", "Sofia", "Tomas", "Ursula", "Vera", "Wei", "Yusuf", "Zara",
    ]
    static let lastNames = [
        "Lee", "Schmidt", "Nguyen", "Garcia", "Muller", "Rossi", "Kowalski", "Silva", "Jensen", "Novak",
        "Petrov", "Haddad", "Okafor", "Tanaka", "Kim", "Dubois", "Larsen", "Costa", "Weber", "Ahmed",
        "Fischer", "Lopez", "Brown", "Martin", "Bauer", "Wagner", "Yilmaz", "Moreau", "Berg", "Santos",
        "Horvat", "Ivanova", "Park", "Meyer", "Clarke", "Romero", "Hoffmann", "Singh", "Popescu", "Walsh",
    ]
    static let subjects = [
        "Mathematics", "Physics", "Chemistry", "Biology", "English", "History",
        "Geography", "German", "French", "Computer Science", "Art", "Music",
    ]
    static let groupLetters = ["A", "B", "C", "D"]

    /// `count` distinct "First Last" names, none of which is in `excluding`.
    static func distinctNames(count: Int, excluding: Set<String>, using random: inout SeededRandom) -> [(first: String, last: String)] {
        var used = excluding
        var names: [(first: String, last: String)] = []
        let capacity = firstNames.count * lastNames.count - excluding.count
        while names.count < min(count, capacity) {
            let first = random.pick(firstNames)
            let last = random.pick(lastNames)
            if used.insert("\(first) \(last)").inserted {
                names.append((first, last))
            }
        }
        return names
    }
}
