"""A small OpenID Connect provider (django-oidc-provider) that the single sign-on tests start
on the loopback. Never part of Probity itself."""
