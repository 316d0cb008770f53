package dev.distill4j.tasks.extract;

import java.util.List;

/** The built-in templates: a letter, an email and a terse note or chat for each kind of document. */
final class Templates {
    static final List<Template> ALL = List.of(
            new Template("invoice_letter", Kind.INVOICE, false, """
                    {vendor}
                    {vendor_address}
                    Tel. {phone}

                    Bill to: {customer}
                    Attn: {contact}

                    INVOICE No. {invoice_number}
                    Invoice date: {date}
                    Your order ref.: {po_number}

                    Dear {contact},

                    for the services delivered we charge:
                      Net amount: {subtotal}
                      VAT {tax_rate}: {tax}
                      Total amount due: {total}

                    Please pay by {due_date}.

                    Yours sincerely,
                    {signer}"""),
            new Template("invoice_email", Kind.INVOICE, false, """
                    From: {signer}, {vendor}
                    Subject: Invoice {invoice_number}

                    Hi {contact_first},

                    please find attached invoice {invoice_number} for {customer}, dated {date}. The amount due is \
                    {total} ({subtotal} plus {tax} tax) and payment is due on {due_date}.
                    Please mention PO {po_number} with your payment. Questions? Call me at {phone}.

                    Thanks,
                    {signer}"""),
            new Template("invoice_memo", Kind.INVOICE, false, """
                    {vendor} inv {invoice_number} | to: {customer} | issued {date} | due {due_date} | \
                    net {subtotal} + tax {tax} = total {total} | PO {po_number} | tel {phone}"""),
            new Template("order_email", Kind.ORDER, false, """
                    Subject: Your order {order_id} is confirmed

                    Dear {customer},

                    thank you for shopping at {shop}. Your order {order_id} of {order_date} contains:

                      {quantity} x {item} at {unit_price} each
                      Shipping: {shipping}
                      Order total: {order_total}

                    Expected delivery: {delivery_date}. Tracking number: {tracking}.
                    Questions? Call us on {phone}."""),
            new Template("order_chat", Kind.ORDER, true, """
                    Chat started {time}
                    {customer}: hi, could I get {quantity} of the {item}? my number is {phone}
                    {shop}: Sure, {customer_first}! That is {unit_price} per piece plus {shipping} shipping, \
                    {order_total} in total. Your order number is {order_id}.
                    {customer}: great, thanks!"""),
            new Template("order_note", Kind.ORDER, false, """
                    ORDER {order_id} / {order_date} / cust. {customer}, tel. {phone}
                    - {item}, qty {quantity} @ {unit_price}
                    - shipping {shipping}
                    = total {order_total}"""),
            new Template("booking_letter", Kind.BOOKING, false, """
                    {hotel}
                    {hotel_address}

                    Dear {guest},

                    we are pleased to confirm your reservation, booking reference {booking_ref}.

                    Arrival: {check_in}
                    Departure: {check_out}
                    Number of nights: {nights}
                    Guests: {guests}
                    Room rate: {rate} per night

                    To change your stay, call {phone} and quote your loyalty number {loyalty_number}.

                    Kind regards,
                    {signer}, Front Office"""),
            new Template("booking_chat", Kind.BOOKING, true, """
                    {guest}: hi, we just booked {hotel} for a party of {guests}, confirmation {booking_ref}
                    {hotel}: Welcome, {guest_first}! You arrive {check_in} and leave {check_out}, {nights} nights \
                    at {rate} a night. Anything else?
                    {guest}: no thanks. you can reach me on {phone}"""));

    private Templates() {}
}
