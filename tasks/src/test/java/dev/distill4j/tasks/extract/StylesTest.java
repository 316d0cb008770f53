package dev.distill4j.tasks.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StylesTest {

    @Test
    void should_write_amounts_in_each_style_as_worked_by_hand() {
        Money usd = Money.ofCents(123_450, "USD");
        assertThat(AmountStyle.SYMBOL.render(usd)).isEqualTo("$1,234.50");
        assertThat(AmountStyle.CODE_AFTER.render(usd)).isEqualTo("1234.50 USD");
        assertThat(AmountStyle.CODE_BEFORE.render(usd)).isEqualTo("USD 1,234.5");
        assertThat(AmountStyle.EUROPEAN.render(Money.ofCents(123_450, "EUR"))).isEqualTo("EUR 1.234,50");
        assertThat(AmountStyle.SYMBOL.render(Money.ofCents(123_456_705, "GBP"))).isEqualTo("£1,234,567.05");
        assertThat(AmountStyle.CODE_BEFORE.render(Money.ofCents(120_000, "GBP"))).isEqualTo("GBP 1,200");
        assertThat(AmountStyle.CODE_BEFORE.render(Money.ofCents(100_005, "USD"))).isEqualTo("USD 1,000.05");
        assertThat(AmountStyle.EUROPEAN.render(Money.ofCents(5, "EUR"))).isEqualTo("EUR 0,05");
        assertThat(AmountStyle.SYMBOL.render(Money.ofCents(99_999, "EUR"))).isEqualTo("€999.99");
    }

    @Test
    void should_never_offer_a_style_that_could_misread_the_currency() {
        assertThat(AmountStyle.forCurrency("EUR")).doesNotContain(AmountStyle.CODE_BEFORE).contains(AmountStyle.EUROPEAN);
        assertThat(AmountStyle.forCurrency("USD")).doesNotContain(AmountStyle.EUROPEAN);
        assertThat(AmountStyle.forCurrency("GBP")).doesNotContain(AmountStyle.EUROPEAN);
        assertThatThrownBy(() -> AmountStyle.EUROPEAN.render(Money.ofCents(100, "USD")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_write_dates_in_each_style_with_the_order_noted_only_where_needed() {
        LocalDate march5 = LocalDate.of(2024, 3, 5);
        assertThat(DateStyle.ISO.render(march5)).isEqualTo("2024-03-05");
        assertThat(DateStyle.DAY_FIRST.render(march5)).isEqualTo("05/03/2024 (DD/MM/YYYY)");
        assertThat(DateStyle.MONTH_FIRST.render(march5)).isEqualTo("03/05/2024 (MM/DD/YYYY)");
        assertThat(DateStyle.LONG.render(march5)).isEqualTo("March 5, 2024");
        assertThat(DateStyle.SHORT.render(march5)).isEqualTo("5 Mar 2024");
        LocalDate september13 = LocalDate.of(2021, 9, 13);
        assertThat(DateStyle.DAY_FIRST.render(september13)).isEqualTo("13/09/2021");
        assertThat(DateStyle.MONTH_FIRST.render(september13)).isEqualTo("09/13/2021");
        assertThat(DateStyle.SHORT.render(september13)).isEqualTo("13 Sep 2021");
    }

    @Test
    void should_spell_out_small_counts_only_in_spoken_style() {
        TextStyle spoken = new TextStyle(DateStyle.ISO, AmountStyle.SYMBOL, true);
        TextStyle written = new TextStyle(DateStyle.ISO, AmountStyle.SYMBOL, false);
        assertThat(spoken.render(3)).isEqualTo("three");
        assertThat(spoken.render(12)).isEqualTo("twelve");
        assertThat(spoken.render(13)).isEqualTo("13");
        assertThat(written.render(3)).isEqualTo("3");
        assertThat(spoken.render(new CurrencyCode("GBP"))).isEqualTo("£");
    }

    @Test
    void should_reject_a_template_that_leaves_out_a_field() {
        assertThatThrownBy(() -> new Template("invoice_short", Kind.INVOICE, false, "Invoice {invoice_number} for {customer}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{date}");
    }
}
