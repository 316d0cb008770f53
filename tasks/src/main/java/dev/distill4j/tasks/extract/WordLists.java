package dev.distill4j.tasks.extract;

import java.util.List;
import java.util.SplittableRandom;

/** The built-in names the documents are made of, and the seeded draws from them. */
final class WordLists {
    static final List<String> COMPANIES = List.of(
            "Bluefield Logistics", "Northwind Traders", "Acme Tooling", "Harbor & Finch", "Kestrel Analytics",
            "Greenleaf Catering", "Ironbridge Construction", "Silverline Media", "Orchard Software", "Parker & Sons",
            "Meridian Health Supplies", "Copperpot Kitchens", "Summit Legal Services", "Brightwater Energy",
            "Falcon Freight", "Oakridge Furniture", "Lumen Optics", "Redwood Consulting", "Tidewater Marine",
            "Cobalt Security", "Willow Creek Farms", "Atlas Printing", "Quartz Labs", "Evergreen Landscaping",
            "Maple Street Bakery", "Pioneer Textiles", "Sterling Audit Partners", "Nimbus Cloud Hosting",
            "Granite Peak Outfitters", "Lighthouse Dental", "Vantage Robotics", "Hollow Oak Brewing",
            "Riverside Veterinary", "Crescent Events", "Blackstone Plumbing", "Saffron Spice Co", "Zenith Aviation",
            "Mosaic Interiors", "O'Brien Electrical", "Juniper Florists");
    static final List<String> FIRST_NAMES = List.of(
            "Maria", "James", "Aisha", "Liam", "Sofia", "Noah", "Chen", "Olivia", "Mateo", "Emma", "Yusuf", "Hannah",
            "Kenji", "Grace", "Lucas", "Amara", "Ethan", "Zoe", "Ravi", "Chloe", "Diego", "Ingrid", "Omar", "Leah",
            "Tomasz", "Nora", "Samuel", "Freya", "Hugo", "Priya", "Felix", "Elena", "Kwame", "Ruth", "Andre", "Mia");
    static final List<String> LAST_NAMES = List.of(
            "Lopez", "Smith", "Khan", "Murphy", "Rossi", "Nguyen", "Wei", "Brown", "Garcia", "Schmidt", "Okafor",
            "Johansson", "Tanaka", "Wilson", "Silva", "Mensah", "Clarke", "Dubois", "Patel", "Novak", "Herrera",
            "Larsen", "Haddad", "Cohen", "Kowalski", "Byrne", "Fischer", "Morales", "Andersen", "Ito", "Reyes",
            "Walsh", "Costa", "Becker", "Sato", "O'Neill");
    static final List<String> ITEMS = List.of(
            "wireless keyboard", "ergonomic office chair", "standing desk", "USB-C docking station", "desk lamp",
            "noise-cancelling headphones", "espresso machine", "laser printer", "paper shredder", "whiteboard",
            "webcam", "monitor arm", "filing cabinet", "label maker", "conference speakerphone", "laptop stand",
            "external hard drive", "wireless mouse", "projector screen", "coffee grinder", "water filter jug",
            "bookshelf", "first aid kit", "fire extinguisher", "toner cartridge", "ceramic mug", "backpack",
            "travel adapter", "desk organiser", "graphics tablet", "microphone", "network switch", "surge protector",
            "cordless drill", "safety goggles", "tool chest", "garden hose", "camping stove", "yoga mat", "kettle");
    static final List<String> HOTELS = List.of(
            "Harbor View Hotel", "The Linden Inn", "Grand Meridian", "Seaside Lodge", "Hotel Aurora",
            "The Copper Kettle Inn", "Alpine Rest Hotel", "Riverside Suites", "The Old Mill Hotel", "Parkside Residence",
            "Hotel Bellavista", "The Lantern House", "Cliffside Retreat", "Hotel Centrale", "The Oak & Anchor",
            "Maple Court Hotel", "Lakeshore Inn", "The Golden Fern", "Skyline Tower Hotel", "The Quiet Harbour",
            "Hotel Nordlicht", "Sandstone Suites", "The Whitford", "Canal House Hotel");
    static final List<String> STREETS = List.of(
            "Market Street", "Elm Avenue", "King's Road", "Harbour Lane", "Station Road", "Oak Drive", "Mill Street",
            "Church Lane", "Park Avenue", "Bridge Street", "Victoria Road", "Cedar Court", "High Street",
            "Lakeview Drive", "Queen Street", "Foundry Row");
    static final List<String> CITIES = List.of(
            "Springfield", "Riverton", "Bristol", "Leeds", "Portland", "Austin", "Dublin", "Munich", "Lyon",
            "Rotterdam", "Denver", "Glasgow", "Bologna", "Ghent", "Madison", "Halifax");

    private static final String CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private WordLists() {}

    static String pick(SplittableRandom random, List<String> words) {
        return words.get(random.nextInt(words.size()));
    }

    /** A word from {@code words} other than {@code avoid}, e.g. a vendor that is not the customer. */
    static String pickOther(SplittableRandom random, List<String> words, String avoid) {
        String word;
        do {
            word = pick(random, words);
        } while (word.equals(avoid));
        return word;
    }

    static String person(SplittableRandom random) {
        return pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES);
    }

    static String address(SplittableRandom random) {
        return random.nextInt(1, 400) + " " + pick(random, STREETS) + ", " + pick(random, CITIES);
    }

    /** A telephone number in one of a few national formats: a distractor full of digits. */
    static String phone(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> "+1 (555) " + digits(random, 3) + "-" + digits(random, 4);
            case 1 -> "+44 20 " + digits(random, 4) + " " + digits(random, 4);
            case 2 -> "+49 30 " + digits(random, 7);
            default -> "555-" + digits(random, 3) + "-" + digits(random, 4);
        };
    }

    /** {@code length} random digits, leading zeros allowed. */
    static String digits(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    /** Capitals and digits without the look-alikes 0/O and 1/I, as booking systems print them. */
    static String code(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(CODE_LETTERS.charAt(random.nextInt(CODE_LETTERS.length())));
        }
        return out.toString();
    }

    /** A clock time such as {@code 09:41}, for chat transcripts. */
    static String clockTime(SplittableRandom random) {
        return String.format(java.util.Locale.ROOT, "%02d:%02d", random.nextInt(7, 22), random.nextInt(60));
    }
}
