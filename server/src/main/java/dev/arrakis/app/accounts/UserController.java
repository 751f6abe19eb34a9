package dev.arrakis.app.accounts;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * User management (admins) and API keys (admins, and every user for their own keys), and
 * {@code /api/v1/me}. Who may call what is decided by the rules in
 * {@code SecurityConfiguration}; the self-or-admin checks on keys are made here.
 */
@RestController
@Tag(name = "users", description = "users, roles, teams and API keys")
class UserController {

	private final AccountStore accounts;

	UserController(AccountStore accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/api/v1/me")
	@Operation(operationId = "me", summary = "The caller: username, role, teams")
	UserResponse me(@Nullable Authentication caller) {
		String name = Callers.name(caller);
		return UserResponse.of(this.accounts.findUser(name).orElseThrow(() -> new UnknownUserException(name)));
	}

	@PostMapping("/api/v1/users")
	@Operation(operationId = "createUser",
			summary = "Create a user with a role and teams (admin); it has no key until one is created")
	ResponseEntity<UserResponse> create(@RequestBody UserRequests.CreateUser request, HttpServletRequest http) {
		String username = AccountFields.username(request.username());
		Role role = AccountFields.role(request.role());
		Set<String> teams = AccountFields.teams(request.teams());
		Account created;
		try {
			created = this.accounts.createUser(username, role, teams);
		}
		catch (DuplicateKeyException ex) {
			throw new UserAlreadyExistsException(username);
		}
		AuditAttributes.detail(http, "created %s: role=%s teams=%s".formatted(username, role.value(), teams));
		return ResponseEntity.created(URI.create("/api/v1/users/" + username)).body(UserResponse.of(created));
	}

	@GetMapping("/api/v1/users")
	@Operation(operationId = "listUsers", summary = "Every user, by name (admin)")
	List<UserResponse> list() {
		return this.accounts.users().stream().map(UserResponse::of).toList();
	}

	@GetMapping("/api/v1/users/{name}")
	@Operation(operationId = "getUser", summary = "One user (admin, or the user)")
	UserResponse get(@PathVariable String name, @Nullable Authentication caller) {
		Callers.requireSelfOrAdmin(caller, name);
		return UserResponse.of(user(name));
	}

	@PatchMapping("/api/v1/users/{name}")
	@Operation(operationId = "updateUser",
			summary = "Change a user's role, teams or disabled flag (admin); fields left out stay")
	UserResponse update(@PathVariable String name, @RequestBody UserRequests.UpdateUser request,
			HttpServletRequest http) {
		Role role = (request.role() != null) ? AccountFields.role(request.role()) : null;
		Set<String> teams = (request.teams() != null) ? AccountFields.teams(request.teams()) : null;
		Account updated = this.accounts.updateUser(user(name), role, teams, request.disabled());
		AuditAttributes.detail(http, "updated %s: role=%s teams=%s disabled=%s".formatted(name, updated.role().value(),
				updated.teams(), updated.disabled()));
		return UserResponse.of(updated);
	}

	@PostMapping("/api/v1/users/{name}/keys")
	@Operation(operationId = "createApiKey",
			summary = "Create an API key (admin, or the user): the only answer that contains the key")
	ResponseEntity<CreatedKeyResponse> createKey(@PathVariable String name, @RequestBody UserRequests.CreateKey request,
			@Nullable Authentication caller, HttpServletRequest http) {
		Callers.requireSelfOrAdmin(caller, name);
		String keyName = AccountFields.keyName(request.name());
		String key = ApiKeys.generate();
		StoredKey stored = this.accounts.addKey(user(name), keyName, key);
		AuditAttributes.detail(http, "key %d (%s) for %s".formatted(stored.id(), stored.prefix(), name));
		return ResponseEntity.created(URI.create("/api/v1/users/%s/keys/%d".formatted(name, stored.id())))
			.body(new CreatedKeyResponse(stored.id(), stored.name(), stored.prefix(), key, stored.createdAt()));
	}

	@GetMapping("/api/v1/users/{name}/keys")
	@Operation(operationId = "listApiKeys",
			summary = "A user's API keys (admin, or the user): prefixes, names and dates, never the keys")
	List<StoredKey> keys(@PathVariable String name, @Nullable Authentication caller) {
		Callers.requireSelfOrAdmin(caller, name);
		return this.accounts.keys(user(name));
	}

	@DeleteMapping("/api/v1/users/{name}/keys/{id}")
	@Operation(operationId = "revokeApiKey",
			summary = "Revoke an API key (admin, or the user); it is refused from then on")
	ResponseEntity<Void> revokeKey(@PathVariable String name, @PathVariable long id, @Nullable Authentication caller,
			HttpServletRequest http) {
		Callers.requireSelfOrAdmin(caller, name);
		StoredKey revoked = this.accounts.revokeKey(user(name), id)
			.orElseThrow(() -> new UnknownApiKeyException(name, id));
		AuditAttributes.detail(http, "revoked key %d (%s) of %s".formatted(revoked.id(), revoked.prefix(), name));
		return ResponseEntity.noContent().build();
	}

	private Account user(String name) {
		return this.accounts.findUser(name).orElseThrow(() -> new UnknownUserException(name));
	}

}
