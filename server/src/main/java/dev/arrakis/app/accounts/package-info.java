/**
 * Users, API keys, access control and the audit log: the {@code Authorization: Bearer}
 * filter that turns a key into the caller's name and authorities ({@code ROLE_<ROLE>},
 * {@code TEAM_<team>}), the problem-detail answers to refused requests, the first admin
 * created on first start, user and key management under {@code /api/v1/users}, and the
 * audit log of every authenticated change ({@code /api/v1/audit}). Which role may do what
 * is written in one place, {@code dev.arrakis.app.web.SecurityConfiguration}.
 */
@NullMarked
package dev.arrakis.app.accounts;

import org.jspecify.annotations.NullMarked;
