package io.tollgate.tenancy.internal.api;

import io.swagger.v3.oas.annotations.Operation;
import io.tollgate.platform.PrefixedId;
import io.tollgate.tenancy.internal.Cursor;
import io.tollgate.tenancy.internal.MemberService;
import io.tollgate.tenancy.internal.api.ApiModels.Member;
import io.tollgate.tenancy.internal.api.ApiModels.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1/members", produces = MediaType.APPLICATION_JSON_VALUE)
class MembersApiController {

    private final MemberService members;

    MembersApiController(MemberService members) {
        this.members = members;
    }

    @Operation(operationId = "listMembers", summary = "Members of the organisation, oldest first")
    @GetMapping
    Page<Member> list(@RequestParam(name = "limit", defaultValue = "50")
                      @Min(value = 1, message = "Use 1–200.") @Max(value = 200, message = "Use 1–200.") int limit,
                      @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        var page = members.list(Cursor.parse(cursor), limit);
        return new Page<>(page.items().stream().map(Member::of).toList(), page.nextCursor());
    }

    @Operation(operationId = "getMember", summary = "One member")
    @GetMapping("/{id}")
    Member get(@PathVariable("id") String id) {
        return Member.of(members.get(PrefixedId.parse(ApiModels.MEMBER, id, "member")));
    }

    @Operation(operationId = "changeMemberRole", summary = "Change a member's role; only owners grant or take away OWNER")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Member changeRole(@PathVariable("id") String id, @Valid @RequestBody ApiModels.MemberPatch patch) {
        return Member.of(members.changeRole(PrefixedId.parse(ApiModels.MEMBER, id, "member"), patch.role()));
    }

    @Operation(operationId = "removeMember", summary = "Remove a member from the organisation (the account stays)")
    @DeleteMapping("/{id}")
    Member remove(@PathVariable("id") String id) {
        return Member.of(members.remove(PrefixedId.parse(ApiModels.MEMBER, id, "member")));
    }
}
