/** Urgent-help guidance: static text, so it shows at once, also offline. */
export function UrgentHelp() {
  return (
    <section class="urgent" role="alert" aria-labelledby="urgent-title">
      <h3 id="urgent-title">You deserve help right now</h3>
      <p>
        If you are thinking about harming yourself, or you feel unsafe, please contact someone now. You do not
        have to wait for your next appointment.
      </p>
      <ul>
        <li>
          In danger now: call your local emergency number — <a href="tel:999">999</a> (UK),{" "}
          <a href="tel:112">112</a> (EU), <a href="tel:911">911</a> (US) — or go to the nearest emergency
          department.
        </li>
        <li>
          Talk to a crisis line, any time: Samaritans <a href="tel:116123">116 123</a> (UK &amp; Ireland), the
          988 Suicide &amp; Crisis Lifeline <a href="tel:988">988</a> (US), or your local crisis line.
        </li>
        <li>Tell someone you trust, and let your care team know.</li>
      </ul>
      <p>Your entry is still saved when you press Save.</p>
    </section>
  );
}

/** What to do about the red flags just logged: the catalogue's advice (kept for offline use). */
export function RedFlagAdvice(props: { advice: string[] }) {
  return (
    <section class="urgent" role="alert" aria-labelledby="red-flag-title">
      <h3 id="red-flag-title">Please act on this</h3>
      <ul>
        {props.advice.map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
      <p>Nobody watches this diary in real time: your care team may not see it until later.</p>
    </section>
  );
}
