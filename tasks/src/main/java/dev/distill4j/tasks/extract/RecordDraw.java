package dev.distill4j.tasks.extract;

import static dev.distill4j.tasks.extract.WordLists.digits;
import static dev.distill4j.tasks.extract.WordLists.pick;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Draws the facts of one document of a kind from a seeded random source. */
final class RecordDraw {
    private static final long FIRST_DAY = LocalDate.of(2019, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(2026, 12, 31).toEpochDay();
    private static final List<Integer> TAX_PERCENTS = List.of(5, 7, 10, 19, 20);

    private RecordDraw() {}

    static BusinessRecord draw(Kind kind, SplittableRandom random) {
        return switch (kind) {
            case INVOICE -> invoice(random);
            case ORDER -> order(random);
            case BOOKING -> booking(random);
        };
    }

    /** An invoice whose total is subtotal plus tax, so the three amounts in the text are consistent. */
    private static BusinessRecord invoice(SplittableRandom random) {
        LocalDate date = date(random);
        String currency = pick(random, Money.CURRENCIES);
        long subtotal = random.nextLong(1_000, 2_000_000);
        int taxPercent = TAX_PERCENTS.get(random.nextInt(TAX_PERCENTS.size()));
        long tax = BigDecimal.valueOf(subtotal * taxPercent, 2).setScale(0, RoundingMode.HALF_UP).longValueExact();
        String invoiceNumber = switch (random.nextInt(3)) {
            case 0 -> "INV-" + digits(random, 5);
            case 1 -> "INV-" + date.getYear() + "-" + digits(random, 4);
            default -> "F" + random.nextInt(100_000, 1_000_000);
        };
        String customer = pick(random, WordLists.COMPANIES);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("invoice_number", invoiceNumber);
        fields.put("customer", customer);
        fields.put("date", date);
        fields.put("total", Money.ofCents(subtotal + tax, currency));
        fields.put("currency", new CurrencyCode(currency));
        String contact = WordLists.person(random);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("vendor", WordLists.pickOther(random, WordLists.COMPANIES, customer));
        context.put("vendor_address", WordLists.address(random));
        context.put("contact", contact);
        context.put("contact_first", contact.substring(0, contact.indexOf(' ')));
        context.put("signer", WordLists.person(random));
        context.put("phone", WordLists.phone(random));
        context.put("po_number", "PO-" + digits(random, 5));
        context.put("subtotal", Money.ofCents(subtotal, currency));
        context.put("tax", Money.ofCents(tax, currency));
        context.put("tax_rate", taxPercent + "%");
        context.put("due_date", date.plusDays(List.of(14, 30, 45, 60).get(random.nextInt(4))));
        return new BusinessRecord(Kind.INVOICE, fields, context);
    }

    /** An order of one item line; the order total (with shipping) is a distractor for the unit price. */
    private static BusinessRecord order(SplittableRandom random) {
        String currency = pick(random, Money.CURRENCIES);
        // Half the quantities are 12 or less, so chat templates can spell them out.
        int quantity = random.nextBoolean() ? random.nextInt(1, 13) : random.nextInt(13, 60);
        long unitPrice = random.nextLong(100, 200_000);
        long shipping = random.nextInt(4) == 0 ? 0 : random.nextLong(495, 3_000);
        LocalDate ordered = date(random);
        String customer = WordLists.person(random);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("order_id", switch (random.nextInt(3)) {
            case 0 -> "ORD-" + digits(random, 6);
            case 1 -> "SO" + random.nextInt(1_000_000, 10_000_000);
            default -> "W" + digits(random, 8);
        });
        fields.put("customer", customer);
        fields.put("item", pick(random, WordLists.ITEMS));
        fields.put("quantity", quantity);
        fields.put("unit_price", Money.ofCents(unitPrice, currency));
        fields.put("currency", new CurrencyCode(currency));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("customer_first", customer.substring(0, customer.indexOf(' ')));
        context.put("shop", pick(random, WordLists.COMPANIES));
        context.put("phone", WordLists.phone(random));
        context.put("shipping", Money.ofCents(shipping, currency));
        context.put("order_total", Money.ofCents(quantity * unitPrice + shipping, currency));
        context.put("order_date", ordered);
        context.put("delivery_date", ordered.plusDays(random.nextInt(2, 11)));
        context.put("tracking", "1Z" + WordLists.code(random, 6) + digits(random, 10));
        context.put("time", WordLists.clockTime(random));
        return new BusinessRecord(Kind.ORDER, fields, context);
    }

    /** A hotel stay of 2 to 14 nights; the nightly rate and the number of nights are distractors. */
    private static BusinessRecord booking(SplittableRandom random) {
        LocalDate checkIn = date(random);
        int nights = random.nextInt(2, 15);
        String guest = WordLists.person(random);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("booking_ref", WordLists.code(random, 6));
        fields.put("guest", guest);
        fields.put("hotel", pick(random, WordLists.HOTELS));
        fields.put("check_in", checkIn);
        fields.put("check_out", checkIn.plusDays(nights));
        fields.put("guests", random.nextInt(1, 7));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("guest_first", guest.substring(0, guest.indexOf(' ')));
        context.put("hotel_address", WordLists.address(random));
        context.put("nights", nights);
        context.put("rate", Money.ofCents(random.nextLong(6_000, 60_000), pick(random, Money.CURRENCIES)));
        context.put("phone", WordLists.phone(random));
        context.put("loyalty_number", "LY-" + digits(random, 6));
        context.put("signer", WordLists.person(random));
        return new BusinessRecord(Kind.BOOKING, fields, context);
    }

    private static LocalDate date(SplittableRandom random) {
        return LocalDate.ofEpochDay(random.nextLong(FIRST_DAY, LAST_DAY + 1));
    }
}
