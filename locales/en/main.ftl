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
