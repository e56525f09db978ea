# Portico — English

## Errors
error-unauthenticated = Your session has ended. Please log in again.
error-forbidden = You do not have access to this.
error-not-found = We could not find that.
error-invalid-credentials = The email address or password is incorrect.
error-too-many-attempts = Too many failed attempts. Please wait 15 minutes and try again.
error-invalid = Some fields need your attention.
error-bad-request = The request could not be understood. Please reload the page and try again.
error-cross-site = This request came from another site and was refused.
error-server = Something went wrong on our side. Please try again in a moment.
error-network = We could not reach the server. Check your connection and try again.
error-taken = This email address is already used by another account.
error-email-required = Enter an email address.
error-email-malformed = Enter a valid email address, such as name@example.com.
error-unknown-language = This language is not available.
error-required = This field is required.
error-too-long = This is too long.
error-control-characters = This contains characters that cannot be used here.
error-malformed = This does not look right. Check it and try again.
error-unknown-country = Choose a country from the list (a two-letter code such as RO or ES).
error-zip-country = This postal code does not match the country's format.

## Password rules
password-too-short = Use at least 12 characters.
password-too-long = Use at most 128 characters.
password-common = This password is too common. Choose one that is harder to guess.
password-personal = Do not build your password from your name or email address.
password-product = Do not use the product's name in your password.
password-guessable = This password is too easy to guess. A few unrelated words make a strong one.

## Fields
field-email = Email
field-password = Password
field-name = Name
field-login = Login
field-role = Role
field-signed-in-at = Signed in
details-title = Details
field-company = Company
field-phone = Phone
field-address = Address
value-not-given = Not given

## Login and logout
login-title = Log in
login-lead = Welcome to your customer portal.
login-submit = Log in
login-again = Log in again
logout-title = Log out
logout-confirm = You are logged in as { $name }. Log out now?
logout-submit = Log out
logout-done = You have been logged out.

## Layout
skip-to-content = Skip to content
language-label = Language
language-apply = Apply
nav-label = Main navigation
nav-portal-home = Home
nav-admin-home = Dashboard
area-back-office = Back office
footer-text = Portico customer portal
go-home = Go to the home page
not-found-title = Page not found
not-found-text = The page you asked for does not exist or is no longer available.
forbidden-title = Access denied
forbidden-text = Your account does not have access to this page.

## Portal
portal-home-title = My account
portal-greeting = Hello, { $name }
portal-lead = Follow your orders, invoices and subscriptions in one place.
account-title = Your account

## Back office
admin-home-title = Dashboard
admin-greeting = Welcome, { $name }
admin-lead = Manage contacts, portal access and the documents your customers see.
role-admin = Administrator
role-staff = Staff
role-portal = Portal user
summary-title = At a glance
summary-companies = Companies
summary-individuals = Individuals
summary-portal-users = Portal users
summary-staff-users = Internal users

## Dates
date-format = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Email
mail-signature = — Portico, your customer portal
mail-new-sign-in-subject = New sign-in to your account
mail-new-sign-in-body = Hello { $name },

    your account was just used to sign in from a browser it had not used before.

    When: { $when }
    Address: { $ip }
    Browser: { $browser }

    If this was you, there is nothing to do. If not, change your password at once and tell us.

## Contacts (back office)
nav-contacts = Contacts
contacts-title = Contacts
contacts-create = Create
contacts-search = Search
contacts-search-hint = Name, email or company
contacts-filters = Show
contacts-filter-all = All
contacts-filter-companies = Companies
contacts-filter-individuals = Individuals
contacts-filter-portal = Portal users
contacts-none = No contacts match.
contacts-portal = Portal
contacts-portal-user = Portal user
contacts-select = Select { $name }
contacts-select-column = Select
contacts-selected = Selected: { $count }
pager-label = Pages
pager-previous = Previous
pager-next = Next
contact-title = Contact
contact-new-title = New contact
contact-action = Action
contact-kind = Type
contact-kind-company = Company
contact-kind-individual = Individual
contact-parent = Company
contact-parent-none = No company
contact-save = Save
contact-cancel = Cancel
contact-delete = Delete
contact-delete-confirm = Delete this contact? This cannot be undone.
contact-related = Related contacts
contact-lang-none = Not set
contact-parent-not-company = Choose a company.
contact-company-has-people = Contacts belong to this company: it cannot become an individual.
contact-in-use = This contact has a user or related contacts, so it cannot be deleted.
field-street = Street
field-street2 = Street 2
field-city = City
field-zip = ZIP
field-state = State
field-country = Country
field-vat = VAT number
field-language = Language
language-en = English
language-ro = Română
language-es = Español

## Portal access
access-grant-action = Grant portal access
access-grant-all = Grant access to all related contacts
access-title = Portal access
access-lead = The email address is the login. The contact receives an invitation to choose a password.
access-none = None of these contacts exist.
access-contact = Contact
access-latest-login = Latest authentication
access-invitation = Invitation
access-actions = Actions
access-email-for = Email of { $name }
access-grant = Grant access
access-revoke = Revoke access
access-reinvite = Re-invite
access-revoke-confirm = Revoke the portal access of { $name }? Their sessions end at once.
access-never = Never
access-active = Active
access-revoked = Revoked
access-no-access = No access
access-internal = Internal user
access-internal-user = This contact is an internal user; manage it under Users.
access-already-granted = This contact already has portal access.
access-not-granted = This contact has no portal access.
access-not-invited = This contact has already accepted the invitation.
invitation-queued = Invitation queued
invitation-sent = Invitation sent
invitation-failed = Invitation failed
invitation-accepted = Invitation accepted
invitation-expired = Invitation expired
dialog-close = Close

## Invitation
invite-title = Welcome to the portal
invite-lead = Hello { $name }, choose a password to finish setting up your account.
invite-submit = Set password and log in
invite-used = This invitation link has already been used. Log in with your password.
invite-expired = This invitation link has expired. Ask us for a new invitation.
invite-voided = This invitation link is no longer valid: a newer one was sent, or access was withdrawn.
invite-unknown = This link is not valid. Check that you copied the whole address from the email.
field-new-password = New password
field-new-password-again = New password again
password-hint = At least 12 characters. A few unrelated words make a strong password.
password-mismatch = The two passwords do not match.
mail-invitation-subject = Your access to the { $company } customer portal
mail-invitation-greeting = Hello { $name },
mail-invitation-body = you are now a user of the { $company } customer portal, where you can follow your orders, invoices and subscriptions.
mail-invitation-until = The link works once, until { $until }.
mail-invitation-button = Choose your password

## Outgoing mail
nav-mail = Outgoing mail
mail-title = Outgoing mail
mail-filter = Status
mail-status-all = All
mail-status-queued = Queued
mail-status-sent = Sent
mail-status-failed = Failed
mail-none = No messages.
mail-subject = Subject
mail-to = To
mail-status = Status
mail-created = Queued at
mail-retry = Retry
mail-error = { $error } (attempts: { $attempts })
mail-sent-at = on { $when }
mail-not-failed = Only a message that failed can be retried.
pager-older = Older

## Audit log
nav-audit = Audit log
audit-title = Audit log
audit-event = Event
audit-all-events = All events
audit-user = User
audit-by = By
audit-when = When
audit-address = Address
audit-from = From
audit-to = To
audit-apply = Apply
audit-clear = Clear
audit-none = No events match.
audit-login_succeeded = Logged in
audit-login_failed = Failed login
audit-login_throttled = Login throttled
audit-logged_out = Logged out
audit-user_created = User created
audit-access_granted = Access granted
audit-access_revoked = Access revoked
audit-reinvited = Re-invited
audit-invitation_accepted = Invitation accepted

## Users
nav-users = Users
users-title = Users
user-title = User
users-filters = Show
users-all = All users
users-portal = Portal users
users-internal = Internal users
users-custom-filter = Custom filter
users-field = Field
users-operator = Operator
users-value = Value
users-value-hint = portal, internal, yes, no, 2026-11-01 or text
users-add-condition = Add condition
users-conditions = Conditions
users-remove-condition = Remove { $condition }
users-field-groups = Groups
users-field-login = Login
users-field-active = Active
users-field-latest-login = Latest authentication
users-op-contains = contains
users-op-is = is
users-op-before = before
users-op-after = after
users-none = No users match.
users-change-login = Change login
users-change-login-lead = Only the address used to log in changes; the contact's own email stays. Every session of this user ends, and both addresses are told.
users-new-login = New login
users-login-changed = The login was changed.
users-login-same = This is already the user's login.
audit-login_changed = Login changed
mail-login-changed-subject = The login of your account was changed
mail-login-changed-body = Hello { $name },

    the address you log in with was changed from { $old } to { $new }.

    If you did not ask for this, tell us at once.

users-invite-title = Invite an internal user
users-invite-lead = Staff and administrators choose their own password through the link in the invitation.
users-invite-submit = Send invitation
contacts-sort = Sort by
contacts-sort-name = Name, A to Z
contacts-sort-name-desc = Name, Z to A
contacts-sort-newest = Newest first

## Account security
nav-more = More
nav-security = Security
security-title = Account security
security-sessions = Active sessions
security-device = Device
security-this-device = This device
security-unknown-device = Unknown browser
security-started = Started
security-last-seen = Last seen
security-end-session = Log out
security-end-others = Log out all other sessions
security-current-session = This is the session you are using: log out from the menu instead.
security-history = Recent sign-ins
security-signed-in = Signed in
security-failed = Failed attempt
security-edit = Edit security settings
audit-password_changed = Password changed
security-password = Change password
security-current = Current password
security-new = New password
security-again = New password again
security-password-submit = Change password
security-password-changed = Your password was changed. Every other session has ended.
security-current-wrong = This is not your current password.
mail-password-changed-subject = Your password was changed
mail-password-changed-body = Hello { $name },

    the password of your account was just changed, and every other session was logged out.

    If you did not do this, reset your password at once and tell us.

## Documents
documents-title = Your documents
documents-quotations = Quotations
documents-orders = Sales orders
documents-orders-admin = Quotations & orders
documents-invoices = Invoices
documents-subscriptions = Subscriptions
documents-addresses = Addresses
documents-payment-methods = Payment methods
documents-wallet = eWallet
documents-invoices-note = { $unpaid } unpaid · { $overdue } overdue
documents-none-quotations = No quotations match.
documents-none-orders = No sales orders match.
documents-none-invoices = No invoices match.
documents-none-subscriptions = No subscriptions match.
documents-filters = Filter invoices
documents-search = Search
documents-search-hint = Reference, e.g. INV/2026
documents-sort = Sort by
sort-date = Date
sort-reference = Reference
sort-amount = Amount
sort-state = State
sort-date-desc = Date, newest first
sort-date-asc = Date, oldest first
sort-reference-desc = Reference, Z to A
sort-reference-asc = Reference, A to Z
sort-amount-desc = Amount, largest first
sort-amount-asc = Amount, smallest first
sort-state-desc = State, Z to A
sort-state-asc = State, A to Z
filter-all = All
filter-unpaid = Unpaid
filter-overdue = Overdue
filter-paid = Paid
status-draft = Draft
status-sent = Sent
status-confirmed = Confirmed
status-cancelled = Cancelled
status-not-paid = Not paid
status-partial = Partially paid
status-paid = Paid
status-overdue = Overdue
status-active = Active
status-paused = Paused
status-cancelling = Ends at period end
status-closed = Closed
period-month = Monthly
period-year = Yearly
period-per-month = per month
period-per-year = per year
payment-method-bank_transfer = Bank transfer
payment-method-card = Card
payment-method-sepa_debit = SEPA direct debit
payment-method-cash = Cash
payment-method-ewallet = eWallet
field-customer = Customer
documents-reference = Reference
documents-order-date = Order date
documents-invoice-date = Invoice date
documents-start-date = Start date
documents-due-date = Due date
documents-valid-until = Valid until
documents-next-invoice = Next invoice
documents-ends-on = Ends on
documents-total = Total
documents-untaxed = Untaxed amount
documents-tax-at = VAT { $rate }
documents-paid = Paid
documents-amount-due = Amount due
documents-recurring = Recurring amount
documents-state = State
documents-currency = Currency
documents-plan = Plan
documents-period = Period
documents-lines = Lines
documents-line-n = Line { $n }
documents-description = Description
documents-quantity = Quantity
documents-unit-price = Unit price
documents-discount = Discount
documents-tax = Tax
documents-discount-percent = Discount %
documents-tax-percent = Tax %
documents-amount = Amount
documents-payments = Payments received
documents-no-payments = No payments yet.
documents-from-order = From order
documents-bill-to = Bill to
documents-customer-heading = Customer
documents-order = Order
documents-invoice = Invoice
documents-subscription = Subscription
documents-quotation-title = Quotation { $reference }
documents-order-title = Order { $reference }
documents-invoice-title = Invoice { $number }
documents-download-pdf = Download PDF
documents-follow = Follow
documents-following = Following ✓
documents-follow-hint = Followers get an email when this document changes: an invoice posted, an order confirmed, a payment received.
documents-note = Note
documents-lines-hint = Blank rows are ignored. Save to get more empty rows.
documents-choose-customer = Choose a customer
documents-new-quotation = New quotation
documents-new-invoice = New invoice
documents-new-subscription = New subscription
documents-save = Save
documents-send = Mark as sent
documents-confirm = Confirm order
documents-create-invoice = Create invoice
documents-post = Post invoice
documents-cancel = Cancel document
documents-cancel-confirm = Cancel this document? Customers will see it as cancelled. This cannot be undone.
documents-pause = Pause
documents-resume = Resume
documents-cancel-at-end = Cancel at period end
documents-cancel-at-end-confirm = Cancel this subscription at the end of its current period?
documents-close = Close now
documents-close-confirm = Close this subscription now? It will not renew again.
documents-record-payment = Record payment
documents-method = Method
documents-received-on = Received on
documents-payment-reference = Payment reference
documents-payments-admin = Payments
error-amount = Enter an amount, such as 1250.50.
error-quantity = Enter a quantity greater than zero, such as 1 or 2.5.
error-percentage = Enter a percentage from 0 to 100.
error-date = Enter a date.
error-due-before-date = This date cannot be before the document's date.
error-no-lines = Add at least one line.
error-choice = Choose one of the options.
error-more-than-due = This is more than the amount due.
error-document-state = This document's state does not allow that any more. Reload the page to see it as it is now.
error-already-invoiced = This order already has an invoice.
audit-payment_recorded = Payment recorded
mail-document-greeting = Hello { $name },
mail-document-button = View it in the portal
mail-invoice-posted-subject = New invoice { $reference }
mail-invoice-posted-body = Invoice { $reference } for { $amount } is now in your portal.
mail-order-confirmed-subject = Order { $reference } confirmed
mail-order-confirmed-body = Your order { $reference } for { $amount } has been confirmed.
mail-payment-received-subject = Payment received for { $reference }
mail-payment-received-body = We received your payment of { $amount } for invoice { $reference }. Thank you.
details-edit = Edit
details-edit-title = Your details
details-email-hint = This is where we write to you. It does not change the address you log in with; the company's staff can change that.
details-confirm = Confirm
details-cancel = Cancel
field-country-hint = Two letters, such as RO or ES.
addresses-title = Addresses
address-kind-main = Main address
address-kind-billing = Billing address
address-kind-delivery = Delivery address
addresses-edit-in-details = Edit in Details
addresses-main-hint = Your main address is part of your details and cannot be removed.
addresses-edit = Modify
addresses-remove = Remove
addresses-remove-confirm = Remove this address?
addresses-edit-title = Modify the address
addresses-add-title = Add an address
addresses-kind = Kind of address
addresses-name = Name on the address
addresses-save = Save address
login-forgot = Forgot your password?
reset-done = Your password is changed. Log in with the new one.
reset-title = Reset your password
reset-lead = Enter the email address you log in with. If it belongs to an account, we'll send a link to choose a new password.
reset-submit = Send the link
reset-sent = If an account uses this address, an email with a link is on its way. The link works once, for a few hours. Check your spam folder if it does not arrive.
reset-back = Back to log in
reset-choose-title = Choose a new password
reset-choose-lead = Choose a new password for your account. Every session of this account will end, and you'll log in again.
reset-choose-submit = Save the new password
reset-used = This link was already used. Ask for a new one if you still need it.
reset-expired = This link has expired. Ask for a new one.
reset-voided = This link no longer works: a newer one was sent, or the password or login changed. Ask for a new one if you need it.
reset-unknown = This link is not valid. Check that you copied all of it, or ask for a new one.
reset-again = Ask for a new link
mail-reset-subject = Reset your Portico password
mail-reset-greeting = Hello { $name },
mail-reset-body = Someone asked to reset the password of your account. If it was you, choose a new password with the button below. If not, you can ignore this email: your password stays as it is.
mail-reset-until = The link works once, until { $until }.
mail-reset-button = Choose a new password
audit-password_reset_requested = Password reset requested
audit-password_reset = Password reset
