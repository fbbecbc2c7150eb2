"""Accounts managed: what the login, the accounts dialog and ``vaxdesk user`` say about
disabled accounts, temporary passwords and the guard rails (services/accounts_admin.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "ACCOUNT_DISABLED": {
        "vi": "Tài khoản {username} đã bị khóa: hãy hỏi người giám sát của điểm tiêm.",
        "en": "The account {username} is disabled: ask the site's supervisor.",
    },
    "PASSWORD_MUST_CHANGE": {
        "vi": "Mật khẩu của {username} là mật khẩu tạm do người giám sát đặt: hãy đặt mật khẩu mới của riêng bạn.",
        "en": "The password of {username} is a temporary one a supervisor set: choose a new one of your own.",
    },
    "PASSWORD_SAME": {
        "vi": "Mật khẩu mới phải khác mật khẩu hiện tại.",
        "en": "The new password must differ from the current one.",
    },
    "PASSWORD_CURRENT_WRONG": {
        "vi": "Mật khẩu hiện tại không đúng.",
        "en": "The current password is wrong.",
    },
    "PASSWORD_DIFFERS": {
        "vi": "Hai lần nhập mật khẩu không giống nhau.",
        "en": "The two passwords differ.",
    },
    "USER_NOT_FOUND": {
        "vi": "Không có tài khoản “{username}”.",
        "en": "There is no account “{username}”.",
    },
    "SELF_DISABLE": {
        "vi": "Bạn không thể tự khóa tài khoản của mình: một người giám sát khác cần làm việc này.",
        "en": "You cannot disable your own account: another supervisor must do it.",
    },
    "SELF_ROLE": {
        "vi": "Bạn không thể tự đổi vai trò của mình: một người giám sát khác cần làm việc này.",
        "en": "You cannot change your own role: another supervisor must do it.",
    },
    "SELF_RESET": {
        "vi": "Để đổi mật khẩu của chính mình, hãy dùng “Đổi mật khẩu của tôi” (cần mật khẩu hiện tại).",
        "en": "To change your own password, use “Change my password” (it asks for the current one).",
    },
    "LAST_SUPERVISOR_DISABLE": {
        "vi": "Không thể khóa {username}: đây là người giám sát duy nhất còn hoạt động, sau đó sẽ không ai quản lý được tài khoản. Hãy cho người khác vai trò người giám sát trước.",
        "en": "{username} cannot be disabled: they are the last active supervisor, and no one could manage the accounts after. Make someone else a supervisor first.",
    },
    "LAST_SUPERVISOR_ROLE": {
        "vi": "Không thể đổi vai trò của {username}: đây là người giám sát duy nhất còn hoạt động, sau đó sẽ không ai quản lý được tài khoản. Hãy cho người khác vai trò người giám sát trước.",
        "en": "{username} cannot be given another role: they are the last active supervisor, and no one could manage the accounts after. Make someone else a supervisor first.",
    },
    "ACCOUNT_STATE_ACTIVE": {"vi": "đang dùng", "en": "active"},
    "ACCOUNT_STATE_DISABLED": {"vi": "đã khóa", "en": "disabled"},
    "ACCOUNT_STATE_TEMPORARY": {"vi": "mật khẩu tạm", "en": "temporary password"},
    # An account added with a full name others have (services/accounts.add_user): taken,
    # since two people may share one; the trail names each by login beside it.
    "ACCOUNT_NAMESAKES": {
        "vi": "Lưu ý: {n} tài khoản khác cũng có họ tên “{name}”: {others}. Nhật ký thao tác ghi tên đăng nhập bên cạnh họ tên ({username}, {others}) để phân biệt; hãy nhắc mỗi người chỉ đăng nhập bằng tài khoản của mình.",
        "en": "Note: {n} other {n:account|accounts} already {n:has|have} the full name “{name}”: {others}. The audit trail shows the user name beside the full name ({username}, {others}) to tell them apart; remind each person to log in with their own account only.",
    },
    # The accounts dialog (ui/accounts/)
    "ACCOUNT_CONFIRM_DISABLE": {
        "vi": "Khóa tài khoản {username} ({name})? Người này sẽ không đăng nhập được nữa cho đến khi tài khoản được mở lại.",
        "en": "Disable the account {username} ({name})? They can no longer log in until it is enabled again.",
    },
    "ACCOUNT_RESET_INTRO": {
        "vi": "Đặt mật khẩu tạm cho {username} ({name}). Hãy báo mật khẩu này cho người đó: ở lần đăng nhập tới, họ phải đặt mật khẩu mới của riêng mình.",
        "en": "Set a temporary password for {username} ({name}). Tell it to them: at their next login they must choose one of their own.",
    },
    "ACCOUNT_ROLE_INTRO": {
        "vi": "Vai trò mới của {username} ({name}), có hiệu lực từ lần đăng nhập tới:",
        "en": "The new role of {username} ({name}), from their next login:",
    },
}
